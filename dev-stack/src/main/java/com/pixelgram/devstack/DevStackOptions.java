package com.pixelgram.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The command line of dev-stack.
 *
 * @param infraOnly start only the infrastructure
 * @param help print the usage and stop
 * @param readinessTimeout how long the services may take to become ready
 * @param ports where everything listens
 * @param dataDirectory where data and logs go, or {@code null} for
 * {@code .pixelgram-data} under the repository root
 * @param gatewayAddress the address the gateway listens on; every other service listens
 * on loopback only
 */
record DevStackOptions(boolean infraOnly, boolean help, Duration readinessTimeout, LaunchSpecs.Ports ports,
		Path dataDirectory, String gatewayAddress) {

	static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(240);

	static final String USAGE = """
			Usage: java -jar dev-stack/target/dev-stack.jar [--infra-only] [--timeout=<seconds>]
			           [--port-offset=<n>] [--data-dir=<path>] [--gateway-address=<ip>] [--help]

			Runs Pixelgram on embedded infrastructure (Postgres :15432, Redis :16379, ElasticMQ :19324,
			S3Proxy :19000, GreenMail SMTP :13025 and IMAP :13143), each service in its own JVM (gateway :8080, user :8081, post :8082, feed :8083,
			notification :8084), and waits until every service is ready. Everything listens on
			127.0.0.1 only, each service's Actuator on its port + 10000. Data and logs live in
			.pixelgram-data/ under the repository root and survive restarts; Ctrl-C stops everything.

			  --infra-only         start only the infrastructure, e.g. to run a service from the IDE
			  --timeout=<seconds>  how long the services may take to become ready (default 240)
			  --port-offset=<n>    add n to every port, to run a second stack beside the first
			  --data-dir=<path>    keep data and logs there instead of .pixelgram-data
			  --gateway-address=<ip>  where the gateway listens (default 127.0.0.1; 0.0.0.0 opens it
			                       to the network, e.g. for a phone on the LAN)
			  --help               print this help

			Environment:
			  PIXELGRAM_JAVA_OPTS  JVM options of every service
			                       (default -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k)

			Build the jars first: ./mvnw -DskipTests package
			""";

	/**
	 * Parses the arguments.
	 * @param args the command line
	 * @return the options
	 * @throws IllegalArgumentException for an unknown or malformed argument
	 */
	static DevStackOptions parse(String... args) {
		boolean infraOnly = false;
		boolean help = false;
		Duration timeout = DEFAULT_READINESS_TIMEOUT;
		LaunchSpecs.Ports ports = LaunchSpecs.Ports.DEFAULT;
		Path dataDirectory = null;
		String gatewayAddress = LaunchSpecs.LOOPBACK;
		for (String arg : args) {
			if (arg.equals("--infra-only")) {
				infraOnly = true;
			}
			else if (arg.equals("--help") || arg.equals("-h")) {
				help = true;
			}
			else if (arg.startsWith("--timeout=")) {
				timeout = parseTimeout(arg.substring("--timeout=".length()));
			}
			else if (arg.startsWith("--port-offset=")) {
				ports = LaunchSpecs.Ports.DEFAULT.offsetBy(parseOffset(arg.substring("--port-offset=".length())));
			}
			else if (arg.startsWith("--data-dir=") && arg.length() > "--data-dir=".length()) {
				dataDirectory = Path.of(arg.substring("--data-dir=".length()));
			}
			else if (arg.startsWith("--gateway-address=") && arg.length() > "--gateway-address=".length()) {
				gatewayAddress = arg.substring("--gateway-address=".length());
			}
			else {
				throw new IllegalArgumentException("Unknown argument: " + arg);
			}
		}
		return new DevStackOptions(infraOnly, help, timeout, ports, dataDirectory, gatewayAddress);
	}

	private static int parseOffset(String offset) {
		try {
			int value = Integer.parseInt(offset);
			if (value >= 0 && value <= 20_000) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("--port-offset needs a number from 0 to 20000, not '" + offset + "'");
	}

	private static Duration parseTimeout(String seconds) {
		try {
			long value = Long.parseLong(seconds);
			if (value > 0) {
				return Duration.ofSeconds(value);
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("--timeout needs a positive number of seconds, not '" + seconds + "'");
	}

}

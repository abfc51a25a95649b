package com.pixelgram.devstack;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;

import com.pixelgram.devstack.Infrastructure.Servers;

/**
 * Runs the whole Pixelgram suite on embedded infrastructure, each service in its own JVM
 * as in production: {@code java -jar dev-stack/target/dev-stack.jar}.
 */
public final class DevStack {

	static final String DATA_DIRECTORY = ".pixelgram-data";

	private static final int LOG_LINES_ON_FAILURE = 40;

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private final PrintStream out;

	private final DevStackOptions options;

	private final Path root;

	private final Path data;

	private final long startedAt;

	private DevStack(PrintStream out, DevStackOptions options, Path root, long startedAt) {
		this.out = out;
		this.options = options;
		this.root = root;
		// normalized, as the postmaster's command line names it (see Leftovers)
		this.data = ((options.dataDirectory() != null) ? options.dataDirectory().toAbsolutePath()
				: root.resolve(DATA_DIRECTORY))
			.normalize();
		this.startedAt = startedAt;
	}

	public static void main(String[] args) throws InterruptedException {
		if (args.length == 2 && args[0].equals(Watchdog.ARGUMENT)) {
			// java -jar starts only the jar's main: this one runs the watchdog too
			Watchdog.main(new String[] { args[1] });
			return;
		}
		long startedAt = System.nanoTime();
		// The summary line uses "·"; Java 17 would encode stdout as the (often POSIX)
		// locale.
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		DevStackOptions options;
		try {
			options = DevStackOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			out.println(ex.getMessage());
			out.print(DevStackOptions.USAGE);
			System.exit(2);
			return;
		}
		if (options.help()) {
			out.print(DevStackOptions.USAGE);
			return;
		}
		Path root = RepositoryRoot.resolve(System.getProperty("java.class.path"), Path.of(""));
		// read by logback.xml; set before the first logger exists
		Path data = (options.dataDirectory() != null) ? options.dataDirectory() : root.resolve(DATA_DIRECTORY);
		System.setProperty("pixelgram.logs", data.resolve("logs").toString());
		// Initialised here, once: the servers start in parallel and would race to do it.
		LoggerFactory.getILoggerFactory();
		int exitCode = new DevStack(out, options, root, startedAt).run();
		if (exitCode != 0) {
			System.exit(exitCode);
		}
		// Everything runs in other threads and processes; the shutdown hook ends it all.
		new CountDownLatch(1).await();
	}

	/**
	 * Starts everything and returns once it runs.
	 * @return 0 when running, else the exit code
	 */
	private int run() {
		Path lockFile = this.data.resolve("dev-stack.lock");
		Optional<InstanceLock> lock;
		try {
			lock = InstanceLock.tryAcquire(lockFile);
		}
		catch (IOException ex) {
			this.out.println("Cannot open " + display(lockFile) + ": " + ex.getMessage());
			return 1;
		}
		if (lock.isEmpty()) {
			this.out.println("dev-stack is already running on " + display(this.data) + " (" + display(lockFile)
					+ " is locked): stop it with Ctrl-C in its terminal first.");
			return 1;
		}
		// before the port check: what a killed dev-stack left holds the same ports
		Leftovers.stop(this.data, (stopped) -> this.out
			.println(Leftovers.describe(stopped, "left running by an earlier dev-stack on " + display(this.data))));
		List<String> problems = new ArrayList<>(this.options.infraOnly() ? List.of() : missingJars());
		problems.addAll(
				PortCheck.busy(new LaunchSpecs(this.options.ports(), "", () -> "").ports(!this.options.infraOnly())));
		if (!problems.isEmpty()) {
			problems.forEach(this.out::println);
			return 1;
		}
		ProcessLedger ledger;
		try {
			ledger = ProcessLedger.start(this.data, Watchdog.command(javaExecutable(),
					System.getProperty("java.class.path"), ProcessHandle.current().pid()), this.out);
		}
		catch (IOException ex) {
			this.out.println("Cannot write in " + display(this.data) + ": " + ex.getMessage());
			return 1;
		}
		RunningStack stack = new RunningStack(this.out);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stack.stop();
			ledger.clear();
			closeQuietly(lock.get());
		}, "dev-stack-shutdown"));
		try {
			start(stack, ledger);
			return 0;
		}
		catch (RuntimeException ex) {
			if (!stack.isStopping()) {
				this.out.println(ex.getMessage());
				stack.stop();
			}
			return 1;
		}
	}

	private List<String> missingJars() {
		List<String> missing = new LaunchSpecs(this.options.ports(), "", () -> "").services()
			.stream()
			.map((service) -> service.jar(this.root))
			.filter((jar) -> !Files.isRegularFile(jar))
			.map((jar) -> "  " + display(jar))
			.toList();
		if (missing.isEmpty()) {
			return missing;
		}
		List<String> lines = new ArrayList<>();
		lines.add("Missing service jars; build them with ./mvnw -DskipTests package (or use --infra-only):");
		lines.addAll(missing);
		return lines;
	}

	private void start(RunningStack stack, ProcessLedger ledger) {
		this.out
			.println("Starting Postgres, Redis, ElasticMQ, S3Proxy and GreenMail (data in " + display(this.data) + ")");
		Servers servers = Infrastructure.start(this.options.ports(), this.data, stack, ledger, this.out);
		LaunchSpecs specs = new LaunchSpecs(this.options.ports(), servers.postgres().password(),
				DevStack::newInternalToken, this.options.gatewayAddress());
		// Each service's arguments, for running one from the IDE against --infra-only,
		// and
		// for tools that read the stack's own (the end-to-end tests' database checks).
		writeArguments(specs);
		if (this.options.infraOnly()) {
			describeInfrastructure(servers);
			return;
		}
		List<ServiceProcess> services = startServices(specs, stack, ledger);
		awaitReadiness(services, stack);
		this.out.printf(Locale.ROOT,
				"Pixelgram is up in %.1f s: gateway http://localhost:%d · Swagger UI http://localhost:%d/swagger-ui.html"
						+ " · data in %s (Ctrl-C stops everything)%n",
				elapsedSeconds(), this.options.ports().gateway(), this.options.ports().gateway(), display(this.data));
		this.out.println(mailLine(servers));
		this.out.println("Memory (RSS): " + memoryReport(services, ledger));
		services.forEach((service) -> service.process().onExit().thenAccept((process) -> {
			if (!stack.isStopping()) {
				this.out.println(service.name() + " exited with code " + process.exitValue() + "; see "
						+ display(service.log()));
			}
		}));
	}

	private List<ServiceProcess> startServices(LaunchSpecs specs, RunningStack stack, ProcessLedger ledger) {
		String java = javaExecutable();
		List<String> javaOptions = LaunchSpecs.javaOptions(System.getenv("PIXELGRAM_JAVA_OPTS"));
		Path logs = this.data.resolve("logs");
		this.out.println("Starting the services (logs in " + display(logs) + ", JVM options "
				+ String.join(" ", javaOptions) + ")");
		List<ServiceProcess> services = new ArrayList<>();
		for (ServiceSpec spec : specs.services()) {
			if (!stack.beginStart()) {
				throw new IllegalStateException("dev-stack is stopping");
			}
			try {
				ServiceProcess service = ServiceProcess.start(spec, java, javaOptions, this.root,
						logs.resolve(spec.name() + ".log"));
				ledger.record(OwnedProcess.of(OwnedProcess.Kind.SERVICE, spec.name(), service.process().toHandle(),
						spec.jar(this.root).toString()));
				if (!stack.add(service)) {
					throw new IllegalStateException("dev-stack is stopping");
				}
				services.add(service);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + spec.name() + ": " + ex.getMessage(), ex);
			}
			finally {
				stack.endStart();
			}
		}
		return services;
	}

	private void awaitReadiness(List<ServiceProcess> services, RunningStack stack) {
		ReadinessProbe probe = new ReadinessProbe();
		long servicesStartedAt = System.nanoTime();
		long deadline = servicesStartedAt + this.options.readinessTimeout().toNanos();
		List<ServiceProcess> pending = new ArrayList<>(services);
		while (!pending.isEmpty()) {
			for (ServiceProcess service : List.copyOf(pending)) {
				if (stack.isStopping()) {
					throw new IllegalStateException("dev-stack is stopping");
				}
				if (!service.isAlive()) {
					throw new IllegalStateException(exitedDuringStart(service));
				}
				if (probe.isReady(LaunchSpecs.managementPort(service.spec().port()))) {
					pending.remove(service);
					this.out.printf(Locale.ROOT, "  %-20s ready in %.1f s%n", service.name(),
							(System.nanoTime() - servicesStartedAt) / 1e9);
				}
			}
			if (!pending.isEmpty() && System.nanoTime() > deadline) {
				throw new IllegalStateException(notReady(pending));
			}
			if (!pending.isEmpty()) {
				pause();
			}
		}
	}

	private String exitedDuringStart(ServiceProcess service) {
		StringBuilder message = new StringBuilder();
		message.append(service.name())
			.append(" exited with code ")
			.append(service.exitValue())
			.append(" while starting; the end of ")
			.append(display(service.log()))
			.append(':')
			.append(System.lineSeparator());
		service.lastLogLines(LOG_LINES_ON_FAILURE)
			.forEach((line) -> message.append("  | ").append(line).append(System.lineSeparator()));
		return message.append("Stopping everything.").toString();
	}

	private String notReady(List<ServiceProcess> pending) {
		List<String> names = pending.stream()
			.map((service) -> service.name() + " (" + display(service.log()) + ")")
			.toList();
		return "Not ready after " + this.options.readinessTimeout().toSeconds() + " s: " + String.join(", ", names)
				+ ". Stopping everything; a longer --timeout may help on a busy machine.";
	}

	private void writeArguments(LaunchSpecs specs) {
		Path argsDirectory = this.data.resolve("args");
		try {
			Files.createDirectories(argsDirectory);
			for (ServiceSpec spec : specs.services()) {
				Files.writeString(argsDirectory.resolve(spec.name() + ".args"), String.join(" ", spec.arguments()));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write the services' arguments: " + ex.getMessage(), ex);
		}
	}

	private void describeInfrastructure(Servers servers) {
		Path argsDirectory = this.data.resolve("args");
		String postgresUrl = servers.postgres().jdbcUrl("<users|posts|notifications>_<a|b>");
		this.out.printf(Locale.ROOT, "Infrastructure is up in %.1f s (Ctrl-C stops it):%n", elapsedSeconds());
		this.out.println("  Postgres  " + postgresUrl + " (user " + servers.postgres().username() + ", password "
				+ servers.postgres().password() + ")");
		this.out.println("  Redis     " + servers.redis().url());
		this.out.println("  SQS       " + servers.sqs().endpoint() + " (region " + LaunchSpecs.REGION + ")");
		this.out
			.println("  S3        " + servers.s3().endpoint() + " (access key " + servers.s3().accessKey() + ", secret "
					+ servers.s3().secretKey() + "), bucket " + LaunchSpecs.MEDIA_BUCKET + " readable anonymously");
		this.out.println("  " + mailLine(servers));
		this.out.println("  Program arguments for running each service from the IDE: "
				+ display(argsDirectory.resolve("<service>.args")));
	}

	/** Where the mail the services send goes, and how a developer reads it. */
	private static String mailLine(Servers servers) {
		return "Mail      SMTP 127.0.0.1:" + servers.mail().smtpPort()
				+ " (user-service sends there); read it over IMAP at 127.0.0.1:" + servers.mail().imapPort()
				+ ", logging in as the recipient's address with any password";
	}

	private String memoryReport(List<ServiceProcess> services, ProcessLedger ledger) {
		Map<String, OptionalLong> kilobytes = new LinkedHashMap<>();
		services.forEach((service) -> kilobytes.put(service.name(), ProcessMemory.residentKilobytes(service.pid())));
		kilobytes.put("dev-stack (ElasticMQ, S3Proxy, GreenMail)",
				ProcessMemory.residentKilobytes(ProcessHandle.current().pid()));
		ledger.watchdogPid()
			.ifPresent((pid) -> kilobytes.put("dev-stack watchdog", ProcessMemory.residentKilobytes(pid)));
		Infrastructure.redisServer()
			.ifPresent((redis) -> kilobytes.put("redis-server", ProcessMemory.residentKilobytes(redis.pid())));
		Leftovers.postmaster(this.data.resolve(Leftovers.POSTGRES_DIRECTORY))
			.ifPresent((postmaster) -> kilobytes.put("postgres (all processes)", postgresKilobytes(postmaster.pid())));
		List<String> parts = new ArrayList<>();
		kilobytes.forEach((name, value) -> value
			.ifPresent((kb) -> parts.add(String.format(Locale.ROOT, "%s %d MB", name, Math.round(kb / 1024.0)))));
		return String.join(", ", parts);
	}

	private static OptionalLong postgresKilobytes(long postmasterPid) {
		// a sum of RSS counts the shared buffers once per process: an upper bound
		return ProcessHandle.of(postmasterPid).map((postmaster) -> {
			List<ProcessHandle> processes = new ArrayList<>(postmaster.descendants().toList());
			processes.add(postmaster);
			return OptionalLong.of(processes.stream()
				.map((process) -> ProcessMemory.residentKilobytes(process.pid()))
				.mapToLong((rss) -> rss.orElse(0))
				.sum());
		}).orElse(OptionalLong.empty());
	}

	private static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	private static String newInternalToken() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private double elapsedSeconds() {
		return (System.nanoTime() - this.startedAt) / 1e9;
	}

	private String display(Path path) {
		Path workingDirectory = Path.of("").toAbsolutePath();
		Path absolute = path.toAbsolutePath().normalize();
		return absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)
				? workingDirectory.relativize(absolute).toString() : absolute.toString();
	}

	private static void pause() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the services", ex);
		}
	}

	private static void closeQuietly(InstanceLock lock) {
		try {
			lock.close();
		}
		catch (IOException ex) {
			// the lock goes with the process anyway
		}
	}

}

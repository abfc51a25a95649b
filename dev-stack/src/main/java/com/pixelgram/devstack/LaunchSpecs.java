package com.pixelgram.devstack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.pixelgram.devstack.PortCheck.NamedPort;

/**
 * The one place that says where everything runs in dev-stack and how each service is
 * configured to find it.
 */
final class LaunchSpecs {

	static final String MEDIA_BUCKET = "pixelgram-media";

	/**
	 * The part of the bucket served without credentials, as CloudFront serves it in
	 * production: the renditions, never the originals.
	 */
	static final String PUBLIC_MEDIA_PREFIX = "r/";

	static final int LOGICAL_SHARDS = 8;

	static final String REGION = "us-east-1";

	/** What ElasticMQ and S3Proxy accept; see EmbeddedS3Server. */
	static final String AWS_ACCESS_KEY = "dev";

	static final String AWS_SECRET_KEY = "dev";

	/** Where the services listen: this machine only. */
	static final String LOOPBACK = "127.0.0.1";

	/** How far a service's Actuator port is from its API port. */
	static final int MANAGEMENT_PORT_DISTANCE = 10_000;

	/**
	 * The services that call another's {@code /internal/**}, by the name the callees know
	 * them by ({@code pixelgram.security.internal-callers.<name>}).
	 */
	static final List<String> INTERNAL_CALLERS = List.of("post", "feed", "notification");

	static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-Xss512k");

	/**
	 * Two physical databases per sharded service, so that the shard map is real: database
	 * {@code a} holds logical shards 0-3 and the global schema, {@code b} holds 4-7.
	 */
	private static final List<ShardedDatabase> SHARDED_DATABASES = List.of(new ShardedDatabase("a", "0-3"),
			new ShardedDatabase("b", "4-7"));

	private final Ports ports;

	private final String postgresPassword;

	private final Map<String, String> internalTokens;

	private final String gatewayAddress;

	/**
	 * The launch specs.
	 * @param ports where everything listens
	 * @param postgresPassword the embedded Postgres' password
	 * @param newToken makes a token for each service that calls another
	 * @param gatewayAddress the address the gateway listens on (the others listen on
	 * loopback only)
	 */
	LaunchSpecs(Ports ports, String postgresPassword, Supplier<String> newToken, String gatewayAddress) {
		this.ports = ports;
		this.postgresPassword = postgresPassword;
		Map<String, String> tokens = new LinkedHashMap<>();
		INTERNAL_CALLERS.forEach((caller) -> tokens.put(caller, newToken.get()));
		this.internalTokens = tokens;
		this.gatewayAddress = gatewayAddress;
	}

	LaunchSpecs(Ports ports, String postgresPassword, Supplier<String> newToken) {
		this(ports, postgresPassword, newToken, LOOPBACK);
	}

	/**
	 * The Actuator port (health, Prometheus) of a service, apart from its API port so
	 * that nothing that reaches the API reaches the Actuator.
	 * @param port the service's API port
	 * @return its management port
	 */
	static int managementPort(int port) {
		return port + MANAGEMENT_PORT_DISTANCE;
	}

	/**
	 * Where everything listens. The defaults are non-standard ports that do not collide
	 * with servers already on a developer's machine; an offset moves all of them, so that
	 * a second stack (the end-to-end tests) can run beside a developer's.
	 *
	 * @param postgres embedded Postgres
	 * @param redis embedded Redis
	 * @param sqs ElasticMQ
	 * @param s3 S3Proxy
	 * @param smtp GreenMail's SMTP side, where user-service sends mail
	 * @param imap GreenMail's IMAP side, where a developer reads it
	 * @param gateway gateway-service
	 * @param user user-service
	 * @param post post-service
	 * @param feed feed-service
	 * @param notification notification-service
	 */
	record Ports(int postgres, int redis, int sqs, int s3, int smtp, int imap, int gateway, int user, int post,
			int feed, int notification) {

		static final Ports DEFAULT = new Ports(15432, 16379, 19324, 19000, 13025, 13143, 8080, 8081, 8082, 8083, 8084);

		Ports offsetBy(int offset) {
			return new Ports(this.postgres + offset, this.redis + offset, this.sqs + offset, this.s3 + offset,
					this.smtp + offset, this.imap + offset, this.gateway + offset, this.user + offset,
					this.post + offset, this.feed + offset, this.notification + offset);
		}

	}

	/**
	 * The services in start order; they start together, the order only sets the order of
	 * the output.
	 * @return every service's launch spec
	 */
	List<ServiceSpec> services() {
		return List.of(
				exportLinks(mail(local(
						called(sharded("user-service", this.ports.user(), "users"), "post", "feed", "notification")))),
				called(calling(s3(sharded("post-service", this.ports.post(), "posts")), "post", false), "feed",
						"notification"),
				calling(plain("feed-service", this.ports.feed()), "feed", true),
				calling(sharded("notification-service", this.ports.notification(), "notifications"), "notification",
						true),
				gateway());
	}

	/**
	 * The databases to create in the embedded Postgres.
	 * @return database names
	 */
	static List<String> databases() {
		List<String> names = new ArrayList<>();
		for (String service : List.of("users", "posts", "notifications")) {
			SHARDED_DATABASES.forEach((database) -> names.add(service + "_" + database.name()));
		}
		return names;
	}

	/**
	 * Every port dev-stack needs, and for what.
	 * @param withServices whether the services' ports count too
	 * @return the ports
	 */
	List<NamedPort> ports(boolean withServices) {
		Ports p = this.ports;
		List<NamedPort> ports = new ArrayList<>(
				List.of(new NamedPort(p.postgres(), "Postgres"), new NamedPort(p.redis(), "Redis"),
						new NamedPort(p.sqs(), "ElasticMQ (SQS)"), new NamedPort(p.s3(), "S3Proxy (S3)"),
						new NamedPort(p.smtp(), "GreenMail (SMTP)"), new NamedPort(p.imap(), "GreenMail (IMAP)")));
		if (withServices) {
			ports.addAll(List.of(new NamedPort(p.user(), "user-service"), new NamedPort(p.post(), "post-service"),
					new NamedPort(p.feed(), "feed-service"), new NamedPort(p.notification(), "notification-service"),
					new NamedPort(p.gateway(), "gateway-service")));
			for (NamedPort service : List.copyOf(ports.subList(6, ports.size()))) {
				ports.add(new NamedPort(managementPort(service.port()), service.owner() + " (Actuator)"));
			}
		}
		return ports;
	}

	/**
	 * The JVM options of every service.
	 * @param override the value of {@code PIXELGRAM_JAVA_OPTS}, or {@code null}
	 * @return the options
	 */
	static List<String> javaOptions(String override) {
		if (override == null || override.isBlank()) {
			return DEFAULT_JAVA_OPTIONS;
		}
		return Arrays.stream(override.trim().split("\\s+")).toList();
	}

	private ServiceSpec plain(String name, int port) {
		return new ServiceSpec(name, port, common(port));
	}

	private ServiceSpec sharded(String name, int port, String databasePrefix) {
		List<String> arguments = common(port);
		arguments.add("--pixelgram.shards.count=" + LOGICAL_SHARDS);
		arguments.add("--pixelgram.shards.global-database=" + SHARDED_DATABASES.get(0).name());
		for (int i = 0; i < SHARDED_DATABASES.size(); i++) {
			ShardedDatabase database = SHARDED_DATABASES.get(i);
			String prefix = "--pixelgram.shards.databases[" + i + "].";
			arguments.add(prefix + "name=" + database.name());
			arguments.add(prefix + "url=jdbc:postgresql://127.0.0.1:" + this.ports.postgres() + "/" + databasePrefix
					+ "_" + database.name());
			arguments.add(prefix + "username=postgres");
			arguments.add(prefix + "password=" + this.postgresPassword);
			arguments.add(prefix + "shards[0]=" + database.shards());
		}
		return new ServiceSpec(name, port, arguments);
	}

	/**
	 * Where a service finds the services it calls
	 * ({@code pixelgram.<name>.*-service-uri}), and its own token for them.
	 */
	private ServiceSpec calling(ServiceSpec service, String name, boolean callsPostService) {
		List<String> arguments = new ArrayList<>(service.arguments());
		arguments.add("--pixelgram.security.internal-token=" + this.internalTokens.get(name));
		arguments.add("--pixelgram." + name + ".user-service-uri=http://127.0.0.1:" + this.ports.user());
		if (callsPostService) {
			arguments.add("--pixelgram." + name + ".post-service-uri=http://127.0.0.1:" + this.ports.post());
		}
		return new ServiceSpec(service.name(), service.port(), arguments);
	}

	/** The services allowed to call this one's {@code /internal/**}, by their tokens. */
	private ServiceSpec called(ServiceSpec service, String... callers) {
		List<String> arguments = new ArrayList<>(service.arguments());
		for (String caller : callers) {
			arguments
				.add("--pixelgram.security.internal-callers." + caller + ".token=" + this.internalTokens.get(caller));
		}
		return new ServiceSpec(service.name(), service.port(), arguments);
	}

	/**
	 * user-service generates its signing key and keeps it in its database, which only the
	 * local profile allows.
	 */
	private ServiceSpec local(ServiceSpec service) {
		List<String> arguments = new ArrayList<>(service.arguments());
		arguments.add("--spring.profiles.active=local");
		return new ServiceSpec(service.name(), service.port(), arguments);
	}

	/** user-service sends its mail to the embedded GreenMail. */
	private ServiceSpec mail(ServiceSpec service) {
		List<String> arguments = new ArrayList<>(service.arguments());
		arguments.add("--spring.mail.host=" + LOOPBACK);
		arguments.add("--spring.mail.port=" + this.ports.smtp());
		return new ServiceSpec(service.name(), service.port(), arguments);
	}

	private ServiceSpec s3(ServiceSpec service) {
		List<String> arguments = new ArrayList<>(service.arguments());
		arguments.add("--spring.cloud.aws.s3.endpoint=http://127.0.0.1:" + this.ports.s3());
		arguments.add("--spring.cloud.aws.s3.path-style-access-enabled=true");
		arguments.add("--pixelgram.media.bucket=" + MEDIA_BUCKET);
		arguments.add("--pixelgram.media.renditions-prefix=" + PUBLIC_MEDIA_PREFIX);
		// S3Proxy's filesystem store has no lifecycle rules (it answers an ERROR line on
		// the console); storage classes mean nothing on a laptop anyway.
		arguments.add("--pixelgram.media.lifecycle.apply-on-start=false");
		arguments.add("--pixelgram.media.cdn-base-url=http://127.0.0.1:" + this.ports.s3() + "/" + MEDIA_BUCKET);
		return new ServiceSpec(service.name(), service.port(), arguments);
	}

	/**
	 * user-service presigns download links to the data-export zips that post-service
	 * writes to the media bucket: the same endpoint, reachable by the client that follows
	 * the link.
	 */
	private ServiceSpec exportLinks(ServiceSpec service) {
		List<String> arguments = new ArrayList<>(service.arguments());
		arguments.add("--spring.cloud.aws.s3.endpoint=http://127.0.0.1:" + this.ports.s3());
		arguments.add("--spring.cloud.aws.s3.path-style-access-enabled=true");
		arguments.add("--pixelgram.users.exports.bucket=" + MEDIA_BUCKET);
		return new ServiceSpec(service.name(), service.port(), arguments);
	}

	private ServiceSpec gateway() {
		List<String> arguments = common(this.ports.gateway());
		arguments.set(arguments.indexOf("--server.address=" + LOOPBACK), "--server.address=" + this.gatewayAddress);
		arguments.add("--pixelgram.gateway.user-service-uri=http://127.0.0.1:" + this.ports.user());
		arguments.add("--pixelgram.gateway.post-service-uri=http://127.0.0.1:" + this.ports.post());
		arguments.add("--pixelgram.gateway.feed-service-uri=http://127.0.0.1:" + this.ports.feed());
		arguments.add("--pixelgram.gateway.notification-service-uri=http://127.0.0.1:" + this.ports.notification());
		return new ServiceSpec("gateway-service", this.ports.gateway(), arguments);
	}

	private List<String> common(int port) {
		// --server.port first: bench/run finds a service's process by it.
		return new ArrayList<>(List.of("--server.port=" + port, "--server.address=" + LOOPBACK,
				"--management.server.port=" + managementPort(port), "--management.server.address=" + LOOPBACK,
				"--spring.data.redis.url=redis://127.0.0.1:" + this.ports.redis(),
				"--spring.cloud.aws.sqs.endpoint=http://127.0.0.1:" + this.ports.sqs(),
				"--spring.cloud.aws.region.static=" + REGION,
				"--spring.cloud.aws.credentials.access-key=" + AWS_ACCESS_KEY,
				"--spring.cloud.aws.credentials.secret-key=" + AWS_SECRET_KEY,
				"--pixelgram.security.jwks-uri=http://127.0.0.1:" + this.ports.user() + "/.well-known/jwks.json"));
	}

	private record ShardedDatabase(String name, String shards) {

	}

}

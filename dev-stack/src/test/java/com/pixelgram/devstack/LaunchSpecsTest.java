package com.pixelgram.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.pixelgram.devstack.PortCheck.NamedPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LaunchSpecsTest {

	private final Map<String, ServiceSpec> services = new LaunchSpecs(LaunchSpecs.Ports.DEFAULT, "secret", new Tokens())
		.services()
		.stream()
		.collect(Collectors.toMap(ServiceSpec::name, Function.identity()));

	@Test
	void runsEveryServiceOnItsOwnPort() {
		assertThat(this.services).hasSize(5);
		assertThat(this.services.values()).extracting(ServiceSpec::name, ServiceSpec::port)
			.containsExactlyInAnyOrder(tuple("gateway-service", 8080), tuple("user-service", 8081),
					tuple("post-service", 8082), tuple("feed-service", 8083), tuple("notification-service", 8084));
		this.services.values()
			.forEach((service) -> assertThat(service.arguments()).contains("--server.port=" + service.port()));
	}

	@Test
	void pointsEveryServiceAtTheEmbeddedInfrastructure() {
		this.services.values()
			.forEach((service) -> assertThat(service.arguments()).contains(
					"--spring.data.redis.url=redis://127.0.0.1:16379",
					"--spring.cloud.aws.sqs.endpoint=http://127.0.0.1:19324",
					"--spring.cloud.aws.region.static=us-east-1", "--spring.cloud.aws.credentials.access-key=dev",
					"--spring.cloud.aws.credentials.secret-key=dev",
					"--pixelgram.security.jwks-uri=http://127.0.0.1:8081/.well-known/jwks.json"));
	}

	@Test
	void givesEachCallingServiceItsOwnTokenAndEachCalleeTheTokensOfItsCallers() {
		// Tokens are made in the order of INTERNAL_CALLERS: post, feed, notification.
		assertThat(this.services.get("post-service").arguments())
			.contains("--pixelgram.security.internal-token=token-1");
		assertThat(this.services.get("feed-service").arguments())
			.contains("--pixelgram.security.internal-token=token-2");
		assertThat(this.services.get("notification-service").arguments())
			.contains("--pixelgram.security.internal-token=token-3");
		assertThat(this.services.get("user-service").arguments()).contains(
				"--pixelgram.security.internal-callers.post.token=token-1",
				"--pixelgram.security.internal-callers.feed.token=token-2",
				"--pixelgram.security.internal-callers.notification.token=token-3");
		assertThat(this.services.get("post-service").arguments()).contains(
				"--pixelgram.security.internal-callers.feed.token=token-2",
				"--pixelgram.security.internal-callers.notification.token=token-3");
		assertThat(this.services.get("post-service").arguments())
			.noneMatch((arg) -> arg.startsWith("--pixelgram.security.internal-callers.post."));
		for (String service : List.of("gateway-service", "user-service")) {
			assertThat(this.services.get(service).arguments())
				.noneMatch((arg) -> arg.startsWith("--pixelgram.security.internal-token="));
		}
		for (String service : List.of("gateway-service", "feed-service", "notification-service")) {
			assertThat(this.services.get(service).arguments())
				.noneMatch((arg) -> arg.startsWith("--pixelgram.security.internal-callers."));
		}
	}

	@Test
	void bindsEveryServiceToLoopbackWithItsActuatorOnAPortOfItsOwn() {
		this.services.values().forEach((service) -> {
			assertThat(service.arguments().get(0)).isEqualTo("--server.port=" + service.port());
			assertThat(service.arguments()).contains("--server.address=127.0.0.1",
					"--management.server.port=" + (service.port() + 10000), "--management.server.address=127.0.0.1");
		});
	}

	@Test
	void opensOnlyTheGatewayToTheAddressAsked() {
		Map<String, ServiceSpec> open = new LaunchSpecs(LaunchSpecs.Ports.DEFAULT, "secret", new Tokens(), "0.0.0.0")
			.services()
			.stream()
			.collect(Collectors.toMap(ServiceSpec::name, Function.identity()));

		assertThat(open.get("gateway-service").arguments()).contains("--server.address=0.0.0.0",
				"--management.server.address=127.0.0.1");
		assertThat(open.get("user-service").arguments()).contains("--server.address=127.0.0.1");
	}

	@Test
	void runsOnlyUserServiceUnderTheLocalProfileForItsGeneratedKey() {
		assertThat(this.services.get("user-service").arguments()).contains("--spring.profiles.active=local");
		this.services.values()
			.stream()
			.filter((service) -> !service.name().equals("user-service"))
			.forEach((service) -> assertThat(service.arguments())
				.noneMatch((arg) -> arg.startsWith("--spring.profiles.active")));
	}

	@Test
	void givesEachShardedServiceTwoPhysicalDatabasesOfFourLogicalShardsEach() {
		Map<String, String> prefixes = Map.of("user-service", "users", "post-service", "posts", "notification-service",
				"notifications");
		prefixes.forEach((name, prefix) -> assertThat(this.services.get(name).arguments()).contains(
				"--pixelgram.shards.count=8", "--pixelgram.shards.global-database=a",
				"--pixelgram.shards.databases[0].name=a",
				"--pixelgram.shards.databases[0].url=jdbc:postgresql://127.0.0.1:15432/" + prefix + "_a",
				"--pixelgram.shards.databases[0].username=postgres", "--pixelgram.shards.databases[0].password=secret",
				"--pixelgram.shards.databases[0].shards[0]=0-3", "--pixelgram.shards.databases[1].name=b",
				"--pixelgram.shards.databases[1].url=jdbc:postgresql://127.0.0.1:15432/" + prefix + "_b",
				"--pixelgram.shards.databases[1].username=postgres", "--pixelgram.shards.databases[1].password=secret",
				"--pixelgram.shards.databases[1].shards[0]=4-7"));
		assertThat(this.services.get("feed-service").arguments()).noneMatch((arg) -> arg.contains("shards"));
		assertThat(this.services.get("gateway-service").arguments()).noneMatch((arg) -> arg.contains("shards"));
	}

	@Test
	void createsTheDatabasesTheShardMapsName() {
		assertThat(LaunchSpecs.databases()).containsExactlyInAnyOrder("users_a", "users_b", "posts_a", "posts_b",
				"notifications_a", "notifications_b");
	}

	@Test
	void givesPostServiceTheMediaBucketAndUserServiceItsExportsBehindAPathStyleEndpoint() {
		assertThat(this.services.get("post-service").arguments()).contains(
				"--spring.cloud.aws.s3.endpoint=http://127.0.0.1:19000",
				"--spring.cloud.aws.s3.path-style-access-enabled=true", "--pixelgram.media.bucket=pixelgram-media",
				"--pixelgram.media.cdn-base-url=http://127.0.0.1:19000/pixelgram-media",
				// Only the renditions are public, and S3Proxy takes no lifecycle rules.
				"--pixelgram.media.renditions-prefix=r/", "--pixelgram.media.lifecycle.apply-on-start=false");
		// user-service only presigns links to the export zips there.
		assertThat(this.services.get("user-service").arguments())
			.contains("--spring.cloud.aws.s3.endpoint=http://127.0.0.1:19000",
					"--spring.cloud.aws.s3.path-style-access-enabled=true",
					"--pixelgram.users.exports.bucket=pixelgram-media")
			.noneMatch((arg) -> arg.startsWith("--pixelgram.media."));
	}

	@Test
	void routesTheGatewayToEveryService() {
		assertThat(this.services.get("gateway-service").arguments()).contains(
				"--pixelgram.gateway.user-service-uri=http://127.0.0.1:8081",
				"--pixelgram.gateway.post-service-uri=http://127.0.0.1:8082",
				"--pixelgram.gateway.feed-service-uri=http://127.0.0.1:8083",
				"--pixelgram.gateway.notification-service-uri=http://127.0.0.1:8084");
	}

	@Test
	void checksTheInfrastructurePortsAlwaysAndTheServicePortsUnlessInfraOnly() {
		List<NamedPort> infrastructure = List.of(new NamedPort(15432, "Postgres"), new NamedPort(16379, "Redis"),
				new NamedPort(19324, "ElasticMQ (SQS)"), new NamedPort(19000, "S3Proxy (S3)"),
				new NamedPort(13025, "GreenMail (SMTP)"), new NamedPort(13143, "GreenMail (IMAP)"));
		LaunchSpecs specs = new LaunchSpecs(LaunchSpecs.Ports.DEFAULT, "", () -> "");
		assertThat(specs.ports(false)).containsExactlyElementsOf(infrastructure);
		assertThat(specs.ports(true)).containsAll(infrastructure)
			.contains(new NamedPort(8080, "gateway-service"), new NamedPort(8084, "notification-service"),
					new NamedPort(18080, "gateway-service (Actuator)"),
					new NamedPort(18084, "notification-service (Actuator)"))
			.hasSize(16);
	}

	@Test
	void pointsEveryServiceAtTheOffsetPorts() {
		LaunchSpecs.Ports ports = LaunchSpecs.Ports.DEFAULT.offsetBy(100);
		Map<String, ServiceSpec> moved = new LaunchSpecs(ports, "secret", new Tokens()).services()
			.stream()
			.collect(Collectors.toMap(ServiceSpec::name, Function.identity()));

		assertThat(moved.get("gateway-service").arguments()).contains("--server.port=8180",
				"--management.server.port=18180", "--pixelgram.gateway.user-service-uri=http://127.0.0.1:8181");
		assertThat(moved.get("feed-service").arguments()).contains(
				"--pixelgram.feed.user-service-uri=http://127.0.0.1:8181",
				"--pixelgram.feed.post-service-uri=http://127.0.0.1:8182");
		assertThat(moved.get("user-service").arguments()).contains("--spring.mail.host=127.0.0.1",
				"--spring.mail.port=13125");
		assertThat(moved.get("notification-service").arguments())
			.contains("--pixelgram.notification.user-service-uri=http://127.0.0.1:8181");
		assertThat(moved.get("post-service").arguments()).contains(
				"--pixelgram.post.user-service-uri=http://127.0.0.1:8181",
				"--spring.data.redis.url=redis://127.0.0.1:16479",
				"--spring.cloud.aws.sqs.endpoint=http://127.0.0.1:19424",
				"--pixelgram.shards.databases[1].url=jdbc:postgresql://127.0.0.1:15532/posts_b",
				"--pixelgram.media.cdn-base-url=http://127.0.0.1:19100/pixelgram-media");
	}

	@Test
	void findsEachJarWhereTheModuleBuildPutsIt() {
		assertThat(this.services.get("user-service").jar(Path.of("/repo")))
			.isEqualTo(Path.of("/repo/user-service/target/user-service.jar"));
	}

	@Test
	void usesLeanJvmOptionsUnlessTheEnvironmentOverridesThem() {
		assertThat(LaunchSpecs.javaOptions(null)).containsExactly("-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Xss512k");
		assertThat(LaunchSpecs.javaOptions("  -Xmx1g   -XX:+UseG1GC ")).containsExactly("-Xmx1g", "-XX:+UseG1GC");
	}

	/** Tokens in the order they are asked for: token-1, token-2, ... */
	private static final class Tokens implements Supplier<String> {

		private int made;

		@Override
		public String get() {
			return "token-" + (++this.made);
		}

	}

}

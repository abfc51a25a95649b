package com.pixelgram.k8s;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the chart tells the services: each one's application.yaml (a ConfigMap, never a
 * secret in it), the shard maps, and the environment that fills the secret placeholders.
 */
class ConfigurationTest {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(SECRET_[A-Z0-9_]+)}");

	private static final Set<String> SECRET_KEYS = Set.of("password", "internal-token", "token", "private-key",
			"access-key", "secret-key", "access-token");

	/** The Secrets values-production.yaml says exist beforehand. */
	private static final Set<String> PRODUCTION_EXISTING_SECRETS = Set.of("pixelgram-jwt", "pixelgram-internal",
			"pixelgram-postgresql", "pixelgram-postgresql-posts-b", "pixelgram-redis", "pixelgram-fcm",
			"pixelgram-apns");

	private static final Manifests DEFAULTS = Chart.defaults();

	private static final Manifests PRODUCTION = Chart.production();

	@TempDir
	Path temporary;

	static List<Chart.Service> services() {
		return Chart.SERVICES;
	}

	static List<Chart.Service> shardedServices() {
		return Chart.SERVICES.stream().filter(Chart.Service::makesIds).toList();
	}

	@ParameterizedTest
	@MethodSource("shardedServices")
	void theShardMapHoldsEveryLogicalShardExactlyOnce(Chart.Service service) {
		for (Manifests manifests : List.of(DEFAULTS, PRODUCTION)) {
			Map<String, Object> shards = Manifests
				.asMap(Manifests.at(manifests.applicationConfig(service), "pixelgram.shards"));
			int count = (Integer) shards.get("count");
			List<Integer> held = new ArrayList<>();
			List<String> names = new ArrayList<>();
			for (Object entry : (List<?>) shards.get("databases")) {
				Map<String, Object> database = Manifests.asMap(entry);
				names.add((String) database.get("name"));
				assertThat((String) database.get("url")).startsWith("jdbc:postgresql://");
				for (Object range : (List<?>) database.get("shards")) {
					held.addAll(expand((String) range));
				}
			}

			assertThat(held).as("%s holds shards", service.component())
				.containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
			assertThat(names).contains((String) shards.get("global-database")).doesNotHaveDuplicates();
		}
		assertThat(Manifests.at(PRODUCTION.applicationConfig(service), "pixelgram.shards.count")).isEqualTo(1024);
	}

	@Test
	void everyDatabaseOfProductionHasAReadReplica() {
		for (Chart.Service service : shardedServices()) {
			List<?> databases = (List<?>) Manifests.at(PRODUCTION.applicationConfig(service),
					"pixelgram.shards.databases");

			assertThat(databases).hasSize(2)
				.allSatisfy((database) -> assertThat((String) Manifests.asMap(database).get("replica-url"))
					.startsWith("jdbc:postgresql://")
					.contains("cluster-ro"));
		}
	}

	@Test
	void noConfigMapHoldsASecretEvenWhenPasswordsAreGivenAsValues() throws IOException {
		Path values = write("""
				postgresql:
				  password: pg-Secret-4f1c
				redis:
				  auth:
				    enabled: true
				    password: redis-Secret-9a2b
				""");
		Manifests manifests = Chart.render(Chart.DEV_VALUES, values);

		Secret credentials = manifests.get(Secret.class, "pixelgram-credentials");
		assertThat(decode(credentials)).containsEntry("postgresql-password", "pg-Secret-4f1c")
			.containsEntry("redis-password", "redis-Secret-9a2b");
		String token = decode(manifests.get(Secret.class, "pixelgram-internal-token")).get("feed-token");
		assertThat(manifests.all(ConfigMap.class)).isNotEmpty()
			.allSatisfy((configMap) -> assertThat(String.join("\n", configMap.getData().values()))
				.as(configMap.getMetadata().getName())
				.doesNotContain("pg-Secret-4f1c", "redis-Secret-9a2b", token));
		for (Manifests each : List.of(manifests, PRODUCTION)) {
			for (Chart.Service service : Chart.SERVICES) {
				assertSecretsArePlaceholders(each.applicationConfig(service), service.component());
			}
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void everySecretPlaceholderIsFilledFromASecret(Chart.Service service) {
		for (Manifests manifests : List.of(DEFAULTS, PRODUCTION)) {
			String config = manifests.get(ConfigMap.class, service.objectName()).getData().get("application.yaml");
			Map<String, SecretKeySelector> fromSecrets = new HashMap<>();
			for (EnvVar variable : manifests.container(service).getEnv()) {
				if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
					fromSecrets.put(variable.getName(), variable.getValueFrom().getSecretKeyRef());
				}
			}
			Set<String> rendered = manifests.all(Secret.class)
				.stream()
				.map((secret) -> secret.getMetadata().getName())
				.collect(Collectors.toSet());

			Matcher placeholders = PLACEHOLDER.matcher(config);
			while (placeholders.find()) {
				assertThat(fromSecrets).as(service.component()).containsKey(placeholders.group(1));
			}
			assertThat(fromSecrets.values()).allSatisfy((reference) -> {
				assertThat(reference.getKey()).isNotBlank();
				if (manifests == PRODUCTION) {
					assertThat(reference.getName()).isIn(PRODUCTION_EXISTING_SECRETS);
				}
				else {
					assertThat(rendered).contains(reference.getName());
				}
			});
		}
	}

	@Test
	void userServiceSignsWithTheActiveKeyOfTheExistingSecretAndPublishesTheOther() {
		Chart.Service user = Chart.service("user");
		List<?> keys = (List<?>) Manifests.at(PRODUCTION.applicationConfig(user), "pixelgram.users.tokens.keys");

		assertThat(keys)
			.extracting((key) -> Manifests.asMap(key).get("kid"), (key) -> Manifests.asMap(key).get("active"))
			.containsExactly(tuple("2026-05", false), tuple("2026-06", true));
		assertThat(PRODUCTION.container(user).getEnv()).filteredOn((env) -> env.getName().startsWith("SECRET_JWT_KEY_"))
			.extracting((env) -> env.getValueFrom().getSecretKeyRef().getName() + "/"
					+ env.getValueFrom().getSecretKeyRef().getKey())
			.containsExactly("pixelgram-jwt/2026-05.pem", "pixelgram-jwt/2026-06.pem");
		assertThat(Manifests.at(DEFAULTS.applicationConfig(user), "pixelgram.users.tokens")).isNull();
	}

	@ParameterizedTest
	@MethodSource("services")
	void servicesFindEachOtherThroughTheirKubernetesServices(Chart.Service service) {
		Map<String, Integer> ports = PRODUCTION.all(Service.class)
			.stream()
			.collect(Collectors.toMap((each) -> each.getMetadata().getName(),
					(each) -> each.getSpec()
						.getPorts()
						.stream()
						.filter((port) -> port.getName().equals("http"))
						.map(ServicePort::getPort)
						.findFirst()
						.orElseThrow()));
		Map<String, String> uris = new HashMap<>();
		collectUris("", PRODUCTION.applicationConfig(service), uris);

		assertThat(uris).containsKey("pixelgram.security.jwks-uri");
		assertThat(uris).allSatisfy((property, value) -> {
			URI uri = URI.create(value);
			assertThat(ports).as(property).containsEntry(uri.getHost(), uri.getPort());
		});
		int expected = switch (service.key()) {
			case "gateway" -> 4;
			case "post" -> 1;
			case "feed", "notification" -> 2;
			default -> 0;
		};
		assertThat(uris).as("%s: %s", service.component(), uris).hasSize(expected + 1);
	}

	@ParameterizedTest
	@MethodSource("services")
	void servicesReadTheMountedConfigurationAndTagTheirMetricsWithTheirName(Chart.Service service) {
		PodSpec pod = PRODUCTION.podTemplate(service).getSpec();
		Container container = PRODUCTION.container(service);
		Map<String, Object> config = PRODUCTION.applicationConfig(service);

		assertThat(container.getEnv()).anySatisfy((env) -> {
			assertThat(env.getName()).isEqualTo("SPRING_CONFIG_ADDITIONAL_LOCATION");
			assertThat(env.getValue()).isEqualTo("file:/etc/pixelgram/config/");
		});
		assertThat(container.getVolumeMounts())
			.anySatisfy((mount) -> assertThat(mount.getName() + ":" + mount.getMountPath())
				.isEqualTo("config:/etc/pixelgram/config"));
		assertThat(pod.getVolumes()).anySatisfy((volume) -> {
			assertThat(volume.getName()).isEqualTo("config");
			assertThat(volume.getConfigMap().getName()).isEqualTo(service.objectName());
		});
		assertThat(Manifests.at(config, "management.metrics.tags.application")).isEqualTo(service.component());
		assertThat(Manifests.at(config, "management.server.port")).isEqualTo(Chart.MANAGEMENT_PORT);
		assertThat(Manifests.at(config, "management.tracing.sampling.probability")).isEqualTo(0.05);
	}

	@Test
	void servicesOnAwsGetTheRegionQueuesBucketAndCdnOfTheValues() {
		Map<String, Object> post = PRODUCTION.applicationConfig(Chart.service("post"));

		assertThat(Manifests.at(post, "spring.cloud.aws.region.static")).isEqualTo("eu-west-1");
		assertThat(Manifests.at(post, "spring.cloud.aws.sqs")).as("no endpoint on AWS").isNull();
		assertThat(Manifests.at(post, "pixelgram.events.queue-prefix")).isEqualTo("prod-");
		assertThat(Manifests.at(post, "pixelgram.media.bucket")).isEqualTo("pixelgram-prod-media");
		assertThat(Manifests.at(post, "pixelgram.media.cdn-base-url")).isEqualTo("https://media.pixelgram.example");
		assertThat(Manifests.at(post, "spring.data.redis.url"))
			.isEqualTo("rediss://:${SECRET_REDIS_PASSWORD}@pixelgram.abc123.cache.amazonaws.com:6379/0");
		assertThat(Manifests.at(PRODUCTION.applicationConfig(Chart.service("feed")),
				"pixelgram.feed.fanout.celebrity-threshold"))
			.as("a service's config value is merged in")
			.isEqualTo(500000);
		assertThat(Manifests.at(PRODUCTION.applicationConfig(Chart.service("gateway")), "spring.cloud"))
			.as("the gateway uses no AWS service")
			.isNull();
	}

	@Test
	void moderatorsAreGrantedByUsernameOrIdAndNobodyByDefault() throws IOException {
		Chart.Service user = Chart.service("user");
		assertThat(Manifests.at(DEFAULTS.applicationConfig(user), "pixelgram.users.roles")).isNull();

		Manifests granted = Chart.render(Chart.DEV_VALUES, write("""
				auth:
				  moderators:
				    usernames: [alice, "bob"]
				    userIds: ["247023654297148416"]
				"""));
		Map<String, Object> config = granted.applicationConfig(user);
		assertThat(Manifests.at(config, "pixelgram.users.roles.moderator-usernames"))
			.isEqualTo(List.of("alice", "bob"));
		assertThat(Manifests.at(config, "pixelgram.users.roles.moderator-ids"))
			.isEqualTo(List.of("247023654297148416"));
	}

	@Test
	void userServicePresignsExportLinksWithTheBucketEndpointAndCredentialsPostServiceUses() throws IOException {
		Map<String, Object> production = PRODUCTION.applicationConfig(Chart.service("user"));
		assertThat(Manifests.at(production, "pixelgram.users.exports.bucket")).isEqualTo("pixelgram-prod-media");
		assertThat(Manifests.at(production, "spring.cloud.aws.region.static")).isEqualTo("eu-west-1");
		assertThat(Manifests.at(production, "spring.cloud.aws.s3")).as("no endpoint on AWS").isNull();

		Manifests elsewhere = Chart.render(Chart.DEV_VALUES, write("""
				aws:
				  region: eu-central-1
				  credentials:
				    existingSecret: pixelgram-s3
				s3:
				  bucket: media-on-minio
				  endpoint: http://minio:9000
				  pathStyleAccess: true
				"""));
		for (String key : List.of("user", "post")) {
			Map<String, Object> config = elsewhere.applicationConfig(Chart.service(key));
			assertThat(Manifests.at(config, "spring.cloud.aws.s3.endpoint")).as(key).isEqualTo("http://minio:9000");
			assertThat(Manifests.at(config, "spring.cloud.aws.s3.path-style-access-enabled")).as(key).isEqualTo(true);
			assertThat(Manifests.at(config, "spring.cloud.aws.region.static")).as(key).isEqualTo("eu-central-1");
			Map<String, SecretKeySelector> keys = new HashMap<>();
			for (EnvVar env : elsewhere.container(Chart.service(key)).getEnv()) {
				if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
					keys.put(env.getName(), env.getValueFrom().getSecretKeyRef());
				}
			}
			assertThat(keys.get("AWS_ACCESS_KEY_ID")).as(key)
				.extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
				.containsExactly("pixelgram-s3", "access-key-id");
			assertThat(keys.get("AWS_SECRET_ACCESS_KEY")).as(key)
				.extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
				.containsExactly("pixelgram-s3", "secret-access-key");
		}
		Map<String, Object> user = elsewhere.applicationConfig(Chart.service("user"));
		assertThat(Manifests.at(user, "pixelgram.users.exports.bucket")).isEqualTo("media-on-minio");
		assertThat(Manifests.at(elsewhere.applicationConfig(Chart.service("post")), "pixelgram.media.bucket"))
			.isEqualTo("media-on-minio");
		assertThat(Manifests.at(elsewhere.applicationConfig(Chart.service("feed")), "spring.cloud.aws.s3"))
			.as("feed-service uses no bucket")
			.isNull();
	}

	@Test
	void postServiceInvalidatesDeletedRenditionsAtTheCloudFrontDistributionOfTheValues() throws IOException {
		Map<String, Object> production = PRODUCTION.applicationConfig(Chart.service("post"));
		assertThat(Manifests.at(production, "pixelgram.media.cdn.invalidation.provider")).isEqualTo("cloudfront");
		assertThat(Manifests.at(production, "pixelgram.media.cdn.invalidation.distribution-id"))
			.isEqualTo("E2QWRUHEXAMPLE");
		assertThat(Manifests.at(production, "pixelgram.media.cdn.invalidation.region")).isEqualTo("us-east-1");
		assertThat(Manifests.at(production, "pixelgram.media.cdn.invalidation.endpoint")).as("AWS's own endpoint")
			.isNull();
		assertThat(Manifests.at(PRODUCTION.applicationConfig(Chart.service("feed")), "pixelgram.media"))
			.as("only post-service deletes renditions")
			.isNull();
		assertThat(Manifests.at(DEFAULTS.applicationConfig(Chart.service("post")), "pixelgram.media.cdn"))
			.as("no invalidation by default: the service's own default, none")
			.isNull();

		Manifests elsewhere = Chart.render(Chart.DEV_VALUES, write("""
				cdn:
				  invalidation:
				    provider: cloudfront
				    distributionId: E1CHINAEXAMPLE
				    region: cn-northwest-1
				    endpoint: http://cloudfront.internal:8443
				"""));
		Map<String, Object> post = elsewhere.applicationConfig(Chart.service("post"));
		assertThat(Manifests.at(post, "pixelgram.media.cdn.invalidation.distribution-id")).isEqualTo("E1CHINAEXAMPLE");
		assertThat(Manifests.at(post, "pixelgram.media.cdn.invalidation.region")).isEqualTo("cn-northwest-1");
		assertThat(Manifests.at(post, "pixelgram.media.cdn.invalidation.endpoint"))
			.isEqualTo("http://cloudfront.internal:8443");
	}

	@Test
	void theGatewayReadsForwardingHeadersOfTheTrustedProxiesOnly() {
		Map<String, Object> defaults = DEFAULTS.applicationConfig(Chart.service("gateway"));
		assertThat(Manifests.at(defaults, "pixelgram.gateway.trusted-proxies"))
			.isEqualTo(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"));
		assertThat(Manifests.at(defaults, "server.forward-headers-strategy"))
			.as("the server must not take the client's address from headers a client writes")
			.isNull();
		assertThat(Manifests.at(PRODUCTION.applicationConfig(Chart.service("gateway")),
				"pixelgram.gateway.trusted-proxies"))
			.isEqualTo(List.of("10.100.0.0/16"));
	}

	@Test
	void refusesTheFormerForwardHeadersStrategy() throws IOException {
		assertRefused("""
				gateway:
				  forwardHeadersStrategy: native
				""", "gateway.forwardHeadersStrategy is gone");
	}

	@Test
	void refusesAShardMapWithAGap() throws IOException {
		assertRefused("""
				user:
				  databases:
				    - {name: a, url: "jdbc:postgresql://a/users", shards: ["0-3"]}
				    - {name: b, url: "jdbc:postgresql://b/users", shards: ["5-7"]}
				""", "user.databases hold 7 of the 8 logical shards");
	}

	@Test
	void refusesAShardMapThatPutsAShardInTwoDatabases() throws IOException {
		assertRefused("""
				post:
				  databases:
				    - {name: a, url: "jdbc:postgresql://a/posts", shards: ["0-4"]}
				    - {name: b, url: "jdbc:postgresql://b/posts", shards: ["4-7"]}
				""", "logical shard 4 is in database \"a\" and in database \"b\"");
	}

	@Test
	void refusesAShardBeyondTheShardCount() throws IOException {
		assertRefused("""
				notification:
				  databases:
				    - {name: a, url: "jdbc:postgresql://a/notifications", shards: ["0-8"]}
				""", "holds shard 8, beyond shards.count (8)");
	}

	@Test
	void refusesARangeItCannotRead() throws IOException {
		assertRefused("""
				user:
				  databases:
				    - {name: a, url: "jdbc:postgresql://a/users", shards: ["0..7"]}
				""", "is not a shard or a range of shards");
	}

	@Test
	void refusesMoreReplicasThanTheIdBitsCanNumber() throws IOException {
		assertRefused("""
				ids:
				  nodeBits: 2
				""",
				"user-service may run 8 replicas (user.autoscaling.maxReplicas) but ids.nodeBits=2 numbers only 4");
	}

	@Test
	void refusesSigningKeysWithoutTheSecretThatHoldsThem() throws IOException {
		assertRefused("""
				auth:
				  jwt:
				    keys:
				      - {kid: k1, secretKey: k1.pem, active: true}
				""", "auth.jwt.existingSecret");
	}

	@Test
	void refusesToInstallWithoutTheSecretOfTheSigningKeys() throws IOException {
		Path production = write("""
				image:
				  registry: registry.example.com
				auth:
				  internalToken:
				    existingSecret: pixelgram-internal
				""");
		Path withoutSecret = write("""
				auth:
				  jwt:
				    existingSecret: ""
				    keys: []
				""");

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(production))
			.withMessageContaining("auth.jwt.existingSecret and auth.jwt.keys are required");
		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.PRODUCTION_VALUES, withoutSecret))
			.withMessageContaining("auth.jwt.existingSecret and auth.jwt.keys are required");
	}

	@Test
	void runsUserServiceUnderTheLocalProfileOnlyForAGeneratedKey() {
		Chart.Service user = Chart.service("user");

		assertThat(Manifests.at(DEFAULTS.applicationConfig(user), "spring.profiles.active")).isEqualTo("local");
		assertThat(Manifests.at(PRODUCTION.applicationConfig(user), "spring.profiles")).isNull();
		for (Chart.Service service : Chart.SERVICES) {
			if (service != user) {
				assertThat(Manifests.at(DEFAULTS.applicationConfig(service), "spring.profiles")).as(service.component())
					.isNull();
			}
		}
	}

	private void assertRefused(String values, String message) throws IOException {
		Path file = write(values);

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, file))
			.withMessageContaining(message);
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
	}

	private static void assertSecretsArePlaceholders(Map<String, Object> config, String where) {
		config.forEach((key, value) -> {
			if (value instanceof Map<?, ?>) {
				assertSecretsArePlaceholders(Manifests.asMap(value), where + "." + key);
			}
			else if (value instanceof List<?> list) {
				list.stream()
					.filter(Map.class::isInstance)
					.forEach((item) -> assertSecretsArePlaceholders(Manifests.asMap(item), where + "." + key));
			}
			else if (SECRET_KEYS.contains(key)) {
				assertThat(String.valueOf(value)).as(where + "." + key).matches(PLACEHOLDER);
			}
			else if (key.equals("url") && String.valueOf(value).startsWith("redis")) {
				// the only credentials a Redis URL may carry are the placeholder's
				assertThat(String.valueOf(value).replace(":${SECRET_REDIS_PASSWORD}@", "")).as(where + ".url")
					.doesNotContain("@");
			}
		});
	}

	private static Map<String, String> decode(Secret secret) {
		Map<String, String> data = new HashMap<>();
		secret.getData()
			.forEach((key, value) -> data.put(key,
					new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
		return data;
	}

	private static void collectUris(String prefix, Map<String, Object> config, Map<String, String> uris) {
		config.forEach((key, value) -> {
			String path = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?>) {
				collectUris(path, Manifests.asMap(value), uris);
			}
			else if (key.endsWith("-service-uri") || key.equals("jwks-uri")) {
				uris.put(path, (String) value);
			}
		});
	}

	private static List<Integer> expand(String range) {
		String[] bounds = range.split("-");
		int from = Integer.parseInt(bounds[0]);
		int to = Integer.parseInt(bounds[bounds.length - 1]);
		return IntStream.rangeClosed(from, to).boxed().toList();
	}

}

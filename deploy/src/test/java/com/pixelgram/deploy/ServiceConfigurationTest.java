package com.pixelgram.deploy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What docker-compose.yml tells each service: every setting binds to a real property,
 * every service gets what its {@code @ConfigurationProperties} need, and the shard maps
 * really spread every logical shard over the two Postgres servers.
 */
class ServiceConfigurationTest {

	/** A URL's host and port: {@code jdbc:postgresql://postgres-a:5432/users}. */
	static final Pattern ADDRESS = Pattern
		.compile("(?:jdbc:postgresql|redis|https?)://(?:[^@/\\s]*@)?([a-z0-9-]+):(\\d+)");

	private static final Pattern INTERNAL_CALLER = Pattern.compile("PIXELGRAM_SECURITY_INTERNALCALLERS_([A-Z]+)_TOKEN");

	private static final Pattern SHARD_SETTING = Pattern.compile("PIXELGRAM_SHARDS_DATABASES_(\\d+)_(\\w+)");

	private static final Set<String> SHARDED = Set.of("user-service", "post-service", "notification-service");

	/** The port each piece of infrastructure listens on inside the network. */
	private static final Map<String, Integer> INFRASTRUCTURE_PORTS = Map.of("postgres-a", 5432, "postgres-b", 5432,
			"redis", 6379, "elasticmq", 9324, "minio", 9000, "jaeger", 4318);

	private static final List<String> TRACING = List.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
			"MANAGEMENT_METRICS_TAGS_APPLICATION");

	private static final List<String> SQS = List.of("SPRING_CLOUD_AWS_SQS_ENDPOINT", "SPRING_CLOUD_AWS_REGION_STATIC",
			"SPRING_CLOUD_AWS_CREDENTIALS_ACCESSKEY", "SPRING_CLOUD_AWS_CREDENTIALS_SECRETKEY");

	private static final List<String> CALLS_SERVICES = List.of("PIXELGRAM_SECURITY_JWKSURI",
			"PIXELGRAM_SECURITY_INTERNALTOKEN");

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void everySettingBindsToAPropertyOfItsService() {
		for (String service : Repository.SERVICES) {
			PropertyCatalog catalog = PropertyCatalog.of(service);
			List<String> unbound = this.compose.environment(service)
				.keySet()
				.stream()
				.filter((variable) -> !catalog.binds(variable))
				.toList();
			assertThat(unbound).as(service + " settings that bind to no property").isEmpty();
		}
	}

	@Test
	void everyServiceIsGivenTheInfrastructureItsPropertiesNeed() {
		Map<String, List<String>> required = new LinkedHashMap<>();
		required.put("gateway-service",
				List.of("SPRING_DATA_REDIS_URL", "PIXELGRAM_GATEWAY_USERSERVICEURI", "PIXELGRAM_GATEWAY_POSTSERVICEURI",
						"PIXELGRAM_GATEWAY_FEEDSERVICEURI", "PIXELGRAM_GATEWAY_NOTIFICATIONSERVICEURI"));
		required.put("user-service",
				concat(SQS, List.of("SPRING_DATA_REDIS_URL", "PIXELGRAM_SECURITY_INTERNALCALLERS_POST_TOKEN",
						"PIXELGRAM_SECURITY_INTERNALCALLERS_FEED_TOKEN",
						"PIXELGRAM_SECURITY_INTERNALCALLERS_NOTIFICATION_TOKEN", "PIXELGRAM_USERS_TOKENS_KEYS_0_KID",
						"PIXELGRAM_USERS_TOKENS_KEYS_0_PRIVATEKEYFILE", "PIXELGRAM_USERS_TOKENS_KEYS_0_ACTIVE")));
		required.put("post-service",
				concat(SQS, CALLS_SERVICES,
						List.of("SPRING_DATA_REDIS_URL", "SPRING_CLOUD_AWS_S3_ENDPOINT",
								"SPRING_CLOUD_AWS_S3_PATHSTYLEACCESSENABLED", "PIXELGRAM_MEDIA_BUCKET",
								"PIXELGRAM_MEDIA_CDNBASEURL", "PIXELGRAM_POST_USERSERVICEURI")));
		required.put("feed-service", concat(SQS, CALLS_SERVICES,
				List.of("SPRING_DATA_REDIS_URL", "PIXELGRAM_FEED_USERSERVICEURI", "PIXELGRAM_FEED_POSTSERVICEURI")));
		required.put("notification-service", concat(SQS, CALLS_SERVICES,
				List.of("PIXELGRAM_NOTIFICATION_USERSERVICEURI", "PIXELGRAM_NOTIFICATION_POSTSERVICEURI")));
		required.forEach((service, variables) -> {
			Map<String, String> environment = this.compose.environment(service);
			assertThat(environment).as(service).containsKeys(concat(TRACING, variables).toArray(String[]::new));
			assertThat(concat(TRACING, variables)).allSatisfy(
					(variable) -> assertThat(environment.get(variable)).as(service + " " + variable).isNotBlank());
			assertThat(environment).as(service).containsEntry("MANAGEMENT_METRICS_TAGS_APPLICATION", service);
		});
	}

	@Test
	void everyAddressNamesAServiceOfTheFileOnThePortItListensOn() {
		for (String service : Repository.SERVICES) {
			this.compose.environment(service).forEach((variable, value) -> {
				if (variable.equals("PIXELGRAM_MEDIA_CDNBASEURL")) {
					// the clients' address of the photos, not one inside the network
					return;
				}
				Matcher address = ADDRESS.matcher(value);
				while (address.find()) {
					String host = address.group(1);
					int port = Integer.parseInt(address.group(2));
					assertThat(this.compose.serviceNames()).as(service + " " + variable).contains(host);
					int expected = Repository.SERVICES.contains(host) ? ComposeFileTest.serverPort(host)
							: INFRASTRUCTURE_PORTS.get(host);
					assertThat(port).as(service + " " + variable).isEqualTo(expected);
				}
			});
		}
	}

	@Test
	void eachCallingServiceHasItsOwnTokenWhichItsCalleesKnowItBy() {
		Map<String, String> tokens = new LinkedHashMap<>();
		Map<String, String> callers = Map.of("post-service", "POST", "feed-service", "FEED", "notification-service",
				"NOTIFICATION");
		callers.forEach((service, caller) -> tokens.put(caller,
				this.compose.environment(service).get("PIXELGRAM_SECURITY_INTERNALTOKEN")));
		assertThat(new HashSet<>(tokens.values())).as("one token per calling service").hasSize(3);
		assertThat(tokens.values()).allSatisfy((token) -> assertThat(token).hasSizeGreaterThanOrEqualTo(32));
		Map<String, List<String>> callees = Map.of("user-service", List.of("POST", "FEED", "NOTIFICATION"),
				"post-service", List.of("FEED", "NOTIFICATION"));
		callees.forEach((callee, expected) -> {
			Map<String, String> known = new TreeMap<>();
			this.compose.environment(callee).forEach((variable, value) -> {
				Matcher caller = INTERNAL_CALLER.matcher(variable);
				if (caller.matches()) {
					known.put(caller.group(1), value);
				}
			});
			assertThat(known.keySet()).as(callee + " callers").containsExactlyInAnyOrderElementsOf(expected);
			known.forEach((caller, token) -> assertThat(token).as(callee + " knows " + caller + " by its token")
				.isEqualTo(tokens.get(caller)));
		});
		for (String service : List.of("gateway-service", "user-service")) {
			assertThat(this.compose.environment(service)).as(service + " calls no internal endpoint")
				.doesNotContainKey("PIXELGRAM_SECURITY_INTERNALTOKEN");
		}
	}

	@Test
	void userServiceReadsItsSigningKeyFromTheVolumeTheKeyJobWritesAndNoKeyIsCommitted() {
		Map<String, String> environment = this.compose.environment("user-service");
		assertThat(environment.get("PIXELGRAM_USERS_TOKENS_KEYS_0_KID")).isNotBlank();
		assertThat(environment.get("PIXELGRAM_USERS_TOKENS_KEYS_0_ACTIVE")).isEqualTo("true");
		assertThat(environment).doesNotContainKey("PIXELGRAM_USERS_TOKENS_KEYS_0_PRIVATEKEY");
		String keyFile = environment.get("PIXELGRAM_USERS_TOKENS_KEYS_0_PRIVATEKEYFILE");
		ComposeFile.Mount keys = this.compose.mounts("user-service")
			.stream()
			.filter((mount) -> keyFile.startsWith(mount.target() + "/"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("user-service mounts no volume holding " + keyFile));
		assertThat(keys.type()).isEqualTo("volume");
		assertThat(keys.readOnly()).as("user-service mounts its key read-only").isTrue();
		// The job: the user-service image itself, writing that very file into that
		// volume.
		Map<String, Object> job = this.compose.service("signing-key");
		assertThat(String.valueOf(job.get("image")))
			.isEqualTo(String.valueOf(this.compose.service("user-service").get("image")));
		assertThat(job.get("command")).isEqualTo(List.of("generate-signing-key", keyFile));
		assertThat(this.compose.mounts("signing-key")).anySatisfy((mount) -> {
			assertThat(mount.source()).isEqualTo(keys.source());
			assertThat(mount.target()).isEqualTo(keys.target());
		});
		assertThat(this.compose.dependsOn("user-service")).containsEntry("signing-key",
				"service_completed_successfully");
		assertThat(Repository.read(".env")).doesNotContain("PRIVATE KEY");
	}

	@Test
	void shardMapsCoverEveryLogicalShardExactlyOnceAcrossBothDatabases() {
		for (String service : SHARDED) {
			Map<String, String> environment = this.compose.environment(service);
			int count = Integer.parseInt(environment.get("PIXELGRAM_SHARDS_COUNT"));
			Map<Integer, ShardedDatabase> databases = shardedDatabases(environment);
			assertThat(databases.keySet()).as(service + " database indexes").containsExactly(0, 1);
			BitSet covered = new BitSet(count);
			Set<String> servers = new HashSet<>();
			Set<String> names = new HashSet<>();
			for (ShardedDatabase database : databases.values()) {
				names.add(database.name());
				Matcher address = ADDRESS.matcher(database.url());
				assertThat(address.find()).as(service + " " + database.url()).isTrue();
				servers.add(address.group(1));
				assertThat(database.ranges()).as(service + " " + database.name() + " shards").isNotEmpty();
				for (String range : database.ranges()) {
					String[] bounds = range.split("-");
					int from = Integer.parseInt(bounds[0].strip());
					int to = Integer.parseInt(bounds[bounds.length - 1].strip());
					assertThat(from).as(service + " range " + range).isBetween(0, to);
					assertThat(to).as(service + " range " + range).isLessThan(count);
					for (int shard = from; shard <= to; shard++) {
						assertThat(covered.get(shard)).as(service + ": shard " + shard + " mapped twice").isFalse();
						covered.set(shard);
					}
				}
			}
			assertThat(covered.cardinality()).as(service + " logical shards mapped").isEqualTo(count);
			assertThat(servers).as(service + " physical servers").containsExactlyInAnyOrder("postgres-a", "postgres-b");
			assertThat(names).as(service + " database names").hasSize(2);
			assertThat(names).as(service + " global database")
				.contains(environment.get("PIXELGRAM_SHARDS_GLOBALDATABASE"));
		}
	}

	@Test
	void shardMapsUseTheDatabasesAndRolesThatPostgresCreates() {
		String initScript = Repository.read("deploy/compose/postgres/10-create-databases.sh");
		Map<String, String> created = new TreeMap<>();
		Matcher call = Pattern.compile("(?m)^create_service_database (\\w+) (\\w+) \"\\$(\\w+)\"").matcher(initScript);
		Map<String, String> passwordVariables = new TreeMap<>();
		while (call.find()) {
			created.put(call.group(2), call.group(1));
			passwordVariables.put(call.group(2), call.group(3));
		}
		assertThat(created).hasSize(SHARDED.size());
		for (String server : List.of("postgres-a", "postgres-b")) {
			Map<String, String> serverEnvironment = this.compose.environment(server);
			assertThat(this.compose.mounts(server)).anySatisfy((mount) -> {
				assertThat(mount.source()).isEqualTo("./deploy/compose/postgres/10-create-databases.sh");
				assertThat(mount.target()).startsWith("/docker-entrypoint-initdb.d/");
			});
			passwordVariables.values()
				.forEach((variable) -> assertThat(serverEnvironment.get(variable)).as(server + " " + variable)
					.isNotBlank());
		}
		for (String service : SHARDED) {
			Map<String, String> environment = this.compose.environment(service);
			for (ShardedDatabase database : shardedDatabases(environment).values()) {
				String databaseName = database.url().substring(database.url().lastIndexOf('/') + 1);
				assertThat(created).as(service + " connects to " + database.url()).containsKey(databaseName);
				assertThat(database.username()).as(service + " " + database.name())
					.isEqualTo(created.get(databaseName));
				String server = database.url().replaceAll(".*//([^:/]+).*", "$1");
				assertThat(database.password()).as(service + " " + database.name() + " password")
					.isEqualTo(this.compose.environment(server).get(passwordVariables.get(databaseName)));
			}
		}
	}

	@Test
	void photoUrlsPointAtTheRenditionsTheMediaBucketServes() {
		Map<String, String> environment = this.compose.environment("post-service");
		String bucket = environment.get("PIXELGRAM_MEDIA_BUCKET");
		int published = this.compose.ports("minio").get(0).published();
		assertThat(environment.get("PIXELGRAM_MEDIA_CDNBASEURL"))
			.isEqualTo("http://localhost:" + published + "/" + bucket);
		assertThat(this.compose.environment("minio-bucket")).containsEntry("MEDIA_BUCKET", bucket);
		assertThat(environment.get("SPRING_CLOUD_AWS_CREDENTIALS_ACCESSKEY"))
			.isEqualTo(this.compose.environment("minio-bucket").get("MEDIA_ACCESS_KEY"));
	}

	private static Map<Integer, ShardedDatabase> shardedDatabases(Map<String, String> environment) {
		Map<Integer, Map<String, String>> settings = new TreeMap<>();
		environment.forEach((variable, value) -> {
			Matcher setting = SHARD_SETTING.matcher(variable);
			if (setting.matches()) {
				settings.computeIfAbsent(Integer.parseInt(setting.group(1)), (index) -> new LinkedHashMap<>())
					.put(setting.group(2), value);
			}
		});
		Map<Integer, ShardedDatabase> databases = new TreeMap<>();
		settings.forEach((index, values) -> {
			List<String> ranges = new ArrayList<>();
			values.forEach((key, value) -> {
				if (key.matches("SHARDS_\\d+")) {
					ranges.add(value);
				}
				else if (key.equals("SHARDS")) {
					ranges.addAll(List.of(value.split(",")));
				}
			});
			databases.put(index, new ShardedDatabase(values.get("NAME"), values.get("URL"), values.get("USERNAME"),
					values.get("PASSWORD"), ranges));
		});
		return databases;
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		List<String> result = new ArrayList<>();
		for (List<String> list : lists) {
			result.addAll(list);
		}
		return result;
	}

	/**
	 * One physical database of a shard map, from
	 * {@code PIXELGRAM_SHARDS_DATABASES_<i>_*}.
	 *
	 * @param name its name
	 * @param url its JDBC URL
	 * @param username the role the service logs in as
	 * @param password that role's password
	 * @param ranges the logical shards it holds
	 */
	private record ShardedDatabase(String name, String url, String username, String password, List<String> ranges) {

	}

}

package com.pixelgram.shard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.testsupport.TcpProxy;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * A service that leaves migrations to a job before it starts (the Helm chart's migration
 * Job) starts while one of its databases is down: the other databases' shards are served
 * from the start, the lost one's get 503 until it answers. One that migrates at start
 * cannot migrate a database that is down, and says so.
 */
class DatabaseDownAtStartTest {

	private static final int SHARD_OF_DB0 = 1;

	private static final int SHARD_OF_DB1 = 5;

	private static final Map<String, Object> properties = new LinkedHashMap<>();

	private static TcpProxy proxy;

	@BeforeAll
	static void migrateBothDatabasesAndPutOneBehindAProxy() {
		List<TestDatabase> databases = TestInfrastructure.shardMap((name, value) -> properties.put(name, value.get()),
				"down_at_start", 8, 2);
		properties.put("pixelgram.shards.shard-migrations", "classpath:db/test-shard");
		properties.put("pixelgram.shards.global-migrations", "classpath:db/test-global");
		properties.put("spring.autoconfigure.exclude", "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration,"
				+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
		properties.put("pixelgram.security.public-paths", "/**");
		properties.put("management.endpoint.health.probes.enabled", "true");
		properties.put("management.endpoint.health.group.readiness.include", "readinessState,db");
		properties.put("management.endpoint.health.group.readiness.show-details", "always");
		// the migration a job runs before the service starts
		start(true).close();
		TestDatabase second = databases.get(1);
		proxy = TcpProxy.forJdbcUrl(second.url());
		properties.put("pixelgram.shards.databases[1].url", proxy.proxied(second.url()));
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void startsWithADatabaseDownAndServesItsShardsOnceItAnswers() {
		proxy.refuse();

		try (ConfigurableApplicationContext service = start(false)) {
			int port = ((WebServerApplicationContext) service).getWebServer().getPort();
			assertThat(get(port, "/shards/" + SHARD_OF_DB0 + "/widgets").status()).isEqualTo(200);
			get(port, "/shards/" + SHARD_OF_DB1 + "/widgets").assertProblem(503, "service-unavailable");
			JsonNode readiness = get(port, "/actuator/health/readiness").assertStatus(200);
			assertThat(readiness.at("/components/db/details/databases/db1").asString()).isEqualTo("DOWN");

			proxy.forward();

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> assertThat(get(port, "/shards/" + SHARD_OF_DB1 + "/widgets").status()).isEqualTo(200));
		}
	}

	@Test
	void aServiceThatMigratesAtStartRefusesToStartWithoutADatabase() {
		proxy.refuse();
		try {
			assertThatException().isThrownBy(() -> start(true).close());
		}
		finally {
			proxy.forward();
		}
	}

	private static ConfigurableApplicationContext start(boolean migrateOnStart) {
		Map<String, Object> arguments = new LinkedHashMap<>(properties);
		arguments.put("pixelgram.shards.migrate-on-start", migrateOnStart);
		arguments.put("server.port", 0);
		return new SpringApplicationBuilder(ShardIsolationTest.App.class).run(arguments.entrySet()
			.stream()
			.map((argument) -> "--" + argument.getKey() + "=" + argument.getValue())
			.toArray(String[]::new));
	}

	private static HttpReply get(int port, String path) {
		return HttpReply.of(HttpReply.client(port).get().uri(path));
	}

}

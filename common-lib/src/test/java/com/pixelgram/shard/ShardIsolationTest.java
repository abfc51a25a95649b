package com.pixelgram.shard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.testsupport.TcpProxy;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two physical databases, each behind a proxy the test can take down: one database
 * refused or hung costs its shards a quick 503 and leaves the other's shards, readiness
 * and the other database's gauge alone; when it returns its shards are served again.
 */
@SpringBootTest(classes = ShardIsolationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.shards.shard-migrations=classpath:db/test-shard",
				"pixelgram.shards.global-migrations=classpath:db/test-global",
				"spring.autoconfigure.exclude=io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"pixelgram.security.public-paths=/**", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.group.readiness.include=readinessState,db",
				"management.endpoint.health.group.readiness.show-details=always" })
class ShardIsolationTest {

	/** Shards 0-3 live on db0, 4-7 on db1. */
	static final int SHARD_OF_DB0 = 1;

	static final int SHARD_OF_DB1 = 5;

	static final TcpProxy[] proxies = new TcpProxy[2];

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		List<TestDatabase> databases = TestInfrastructure.shardMap(registry, "isolation", 8, 2);
		for (int i = 0; i < 2; i++) {
			TestDatabase database = databases.get(i);
			TcpProxy proxy = TcpProxy.forJdbcUrl(database.url());
			proxies[i] = proxy;
			registry.add("pixelgram.shards.databases[" + i + "].url", () -> proxy.proxied(database.url()));
		}
	}

	@AfterAll
	static void closeProxies() {
		for (TcpProxy proxy : proxies) {
			proxy.close();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void bringBackEveryDatabase() {
		for (TcpProxy proxy : proxies) {
			proxy.forward();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(widgets(SHARD_OF_DB1).status()).isEqualTo(200));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(widgets(SHARD_OF_DB0).status()).isEqualTo(200));
	}

	@Test
	void aRefusedDatabaseCostsOnlyItsShardsAQuick503() {
		assertThat(widgets(SHARD_OF_DB1).status()).isEqualTo(200);

		proxies[1].refuse();

		assertQuick503(SHARD_OF_DB1);
		assertThat(widgets(SHARD_OF_DB0).status()).isEqualTo(200);
		assertReadyWithDb1Down();
		// Marked down: refused at once, without waiting for the pool.
		long start = System.nanoTime();
		widgets(SHARD_OF_DB1).assertProblem(503, "service-unavailable");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));

		proxies[1].forward();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(widgets(SHARD_OF_DB1).status()).isEqualTo(200));
		assertThat(up("db1")).isEqualTo(1.0);
		JsonNode readiness = get("/actuator/health/readiness").assertStatus(200);
		assertThat(readiness.at("/components/db/details/databases/db1").asString()).isEqualTo("UP");
	}

	@Test
	void aHungDatabaseCostsOnlyItsShardsAQuick503() throws Exception {
		assertThat(widgets(SHARD_OF_DB1).status()).isEqualTo(200);

		proxies[1].hang();
		// Past Hikari's 500 ms in which a connection just used is handed out unchecked
		// (work on such a connection waits for the socket timeout instead).
		Thread.sleep(600);

		CompletableFuture<HttpReply> other = CompletableFuture.supplyAsync(() -> widgets(SHARD_OF_DB0));
		assertQuick503(SHARD_OF_DB1);
		assertThat(other.get().status()).isEqualTo(200);
		assertReadyWithDb1Down();

		proxies[1].forward();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(widgets(SHARD_OF_DB1).status()).isEqualTo(200));
		assertThat(up("db1")).isEqualTo(1.0);
	}

	@Test
	void workInFlightOnADatabaseThatStopsAnsweringFailsWhenItIsFoundDown() throws Exception {
		long start = System.nanoTime();
		CompletableFuture<HttpReply> slow = CompletableFuture
			.supplyAsync(() -> get("/shards/" + SHARD_OF_DB1 + "/slow"));
		Thread.sleep(300);

		proxies[1].hang();

		// Not the 30 s socket timeout: aborted once the probe finds the database down.
		HttpReply reply = slow.get();
		reply.assertProblem(503, "service-unavailable");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void readinessGoesDownOnlyWhenEveryDatabaseIsDown() {
		proxies[0].refuse();
		proxies[1].hang();

		await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
			HttpReply readiness = get("/actuator/health/readiness");
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.json().at("/components/db/details/databases").toString())
				.isEqualTo("{\"db0\":\"DOWN\",\"db1\":\"DOWN\"}");
		});
		widgets(SHARD_OF_DB0).assertProblem(503, "service-unavailable");
		widgets(SHARD_OF_DB1).assertProblem(503, "service-unavailable");
		// Liveness is the process: a restart would not bring a database back.
		assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
	}

	private void assertQuick503(int shard) {
		long start = System.nanoTime();
		HttpReply reply = widgets(shard);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		JsonNode problem = reply.assertProblem(503, "service-unavailable");
		assertThat(took).isLessThan(Duration.ofSeconds(2));
		assertThat(problem.path("detail").asString()).doesNotContain("db1").doesNotContain("127.0.0.1");
		assertThat(reply.headers().getFirst("Retry-After")).isEqualTo("1");
	}

	private void assertReadyWithDb1Down() {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode readiness = get("/actuator/health/readiness").assertStatus(200);
			assertThat(readiness.path("status").asString()).isEqualTo("UP");
			assertThat(readiness.at("/components/db/details/databases/db0").asString()).isEqualTo("UP");
			assertThat(readiness.at("/components/db/details/databases/db1").asString()).isEqualTo("DOWN");
		});
		JsonNode database = get("/actuator/health/shards/db1").assertStatus(503);
		assertThat(database.path("status").asString()).isEqualTo("DOWN");
		assertThat(database.at("/details/shards").asString()).isEqualTo("4-7");
		assertThat(database.at("/details/error").asString()).isNotBlank();
		assertThat(database.at("/details/pool/max").asInt()).isEqualTo(5);
		assertThat(get("/actuator/health/shards/db0").status()).isEqualTo(200);
		assertThat(up("db1")).isEqualTo(0.0);
		assertThat(up("db0")).isEqualTo(1.0);
	}

	private double up(String database) {
		return this.meters.get("pixelgram.shards.database.up").tag("database", database).gauge().value();
	}

	private HttpReply widgets(int shard) {
		return get("/shards/" + shard + "/widgets");
	}

	private HttpReply get(String path) {
		RestClient http = HttpReply.client(this.port);
		return HttpReply.of(http.get().uri(path));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WidgetController.class)
	static class App {

	}

	@RestController
	static class WidgetController {

		private final Shards shards;

		WidgetController(Shards shards) {
			this.shards = shards;
		}

		@GetMapping("/shards/{shard}/widgets")
		Map<String, Long> count(@PathVariable("shard") int shard) {
			Long count = this.shards.read(shard,
					() -> this.shards.jdbc().sql("SELECT count(*) FROM widget").query(Long.class).single());
			return Map.of("count", count);
		}

		@GetMapping("/shards/{shard}/slow")
		Map<String, Long> slow(@PathVariable("shard") int shard) {
			Long one = this.shards.read(shard,
					() -> this.shards.jdbc().sql("SELECT 1 FROM pg_sleep(1)").query(Long.class).single());
			return Map.of("one", one);
		}

	}

}

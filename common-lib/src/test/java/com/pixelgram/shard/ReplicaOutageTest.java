package com.pixelgram.shard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.pixelgram.id.IdGenerator;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A physical database with a read replica, each behind a proxy the test can take down.
 * The replica is the same database under another application name, so a reply tells which
 * served it. A replica refused or hung sends the reads to the primary and counts against
 * nothing else: writes, the database's gauge and readiness stay as they were. A primary
 * down refuses writes while the replica goes on with the reads.
 */
@SpringBootTest(classes = ReplicaOutageTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.shards.shard-migrations=classpath:db/test-shard",
				"pixelgram.shards.global-migrations=classpath:db/test-global",
				"spring.autoconfigure.exclude=io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"pixelgram.security.public-paths=/**", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.group.readiness.include=readinessState,db",
				"management.endpoint.health.group.readiness.show-details=always" })
class ReplicaOutageTest {

	/** Every shard lives on db0, which has the replica. */
	static final int SHARD = 3;

	static TcpProxy primary;

	static TcpProxy replica;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestDatabase database = TestInfrastructure.shardMap(registry, "replica-outage", 8, 1).get(0);
		primary = TcpProxy.forJdbcUrl(database.url());
		replica = TcpProxy.forJdbcUrl(database.url());
		registry.add("pixelgram.shards.databases[0].url", () -> primary.proxied(database.url()));
		String replicaUrl = replica.proxied(database.url());
		registry.add("pixelgram.shards.databases[0].replica-url",
				() -> replicaUrl + (replicaUrl.contains("?") ? "&" : "?") + "ApplicationName=replica");
	}

	@AfterAll
	static void closeProxies() {
		primary.close();
		replica.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void bringBothBack() {
		primary.forward();
		replica.forward();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(servedBy()).isEqualTo("replica");
			assertThat(write().status()).isEqualTo(200);
		});
	}

	@Test
	void aRefusedReplicaSendsTheReadsToThePrimaryAndCostsNothingElse() {
		assertThat(servedBy()).isEqualTo("replica");

		replica.refuse();

		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(servedBy()).isNotEqualTo("replica"));
		assertThat(write().status()).isEqualTo(200);
		assertReplicaDownAndTheRestUp();

		replica.forward();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(servedBy()).isEqualTo("replica"));
		assertThat(replicaUp()).isEqualTo(1.0);
	}

	@Test
	void aHungReplicaSendsTheReadsToThePrimaryWithinTheConnectionTimeout() throws Exception {
		assertThat(servedBy()).isEqualTo("replica");

		replica.hang();
		// Past Hikari's 500 ms in which a connection just used is handed out unchecked.
		Thread.sleep(600);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			long start = System.nanoTime();
			assertThat(servedBy()).isNotEqualTo("replica");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
		});
		assertThat(write().status()).isEqualTo(200);
		assertReplicaDownAndTheRestUp();
	}

	@Test
	void aPrimaryDownRefusesWritesWhileTheReplicaGoesOnWithTheReads() {
		primary.refuse();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> write().assertProblem(503, "service-unavailable"));
		assertThat(servedBy()).isEqualTo("replica");
		assertThat(databaseUp()).isEqualTo(0.0);
		assertThat(replicaUp()).isEqualTo(1.0);

		primary.forward();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(write().status()).isEqualTo(200));
	}

	private void assertReplicaDownAndTheRestUp() {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(replicaUp()).isEqualTo(0.0));
		assertThat(databaseUp()).isEqualTo(1.0);
		JsonNode readiness = get("/actuator/health/readiness").assertStatus(200);
		assertThat(readiness.at("/components/db/details/databases/db0").asString()).isEqualTo("UP");
		JsonNode database = get("/actuator/health/shards/db0").assertStatus(200);
		assertThat(database.at("/details/replica/status").asString()).isEqualTo("DOWN");
		assertThat(database.at("/details/replica/error").asString()).isNotBlank();
	}

	private double databaseUp() {
		return this.meters.get("pixelgram.shards.database.up").tag("database", "db0").gauge().value();
	}

	private double replicaUp() {
		return this.meters.get("pixelgram.shards.replica.up").tag("database", "db0").gauge().value();
	}

	/** The application name of the session that served a read. */
	private String servedBy() {
		return get("/shards/" + SHARD + "/served-by").assertStatus(200).path("application_name").asString();
	}

	private HttpReply write() {
		RestClient http = HttpReply.client(this.port);
		return HttpReply.of(http.post().uri("/shards/" + SHARD + "/widgets"));
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

		private final IdGenerator ids;

		WidgetController(Shards shards, IdGenerator ids) {
			this.shards = shards;
			this.ids = ids;
		}

		@GetMapping("/shards/{shard}/served-by")
		Map<String, String> servedBy(@PathVariable("shard") int shard) {
			String name = this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT current_setting('application_name')")
						.query(String.class)
						.single());
			return Map.of("application_name", name);
		}

		@PostMapping("/shards/{shard}/widgets")
		Map<String, Long> create(@PathVariable("shard") int shard) {
			long id = this.ids.nextId(shard);
			this.shards.write(shard,
					() -> this.shards.jdbc()
						.sql("INSERT INTO widget (id, name) VALUES (:id, 'w')")
						.param("id", id)
						.update());
			return Map.of("id", id);
		}

	}

}

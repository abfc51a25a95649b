package com.pixelgram.user;

import java.time.Duration;
import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.testsupport.TcpProxy;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database of logical shards 4-7 goes away (refused, or hung) while the service runs:
 * its users get a 503 problem within 2 s, the users of shards 0-3 (whose database also
 * holds the global schema) are served meanwhile, the pod stays ready with that database
 * named down, and its users are served again once it returns.
 */
// A key generated and kept in the database: the local profile only.
@ActiveProfiles("local")
@SpringBootTest(classes = UserServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pixelgram.events.relay.enabled=false")
class ShardOutageTest {

	static TcpProxy proxy;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		List<TestDatabase> databases = TestInfrastructure.shardMap(registry, "users_outage", 8, 2);
		TestDatabase second = databases.get(1);
		proxy = TcpProxy.forJdbcUrl(second.url());
		registry.add("pixelgram.shards.databases[1].url", () -> proxy.proxied(second.url()));
		TestInfrastructure.redis(registry, "users-outage");
		TestInfrastructure.sqs(registry, "users-outage");
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@LocalServerPort
	int port;

	TestUser onFirst;

	TestUser onSecond;

	@BeforeEach
	void usersOnEitherDatabase() {
		while (this.onFirst == null || this.onSecond == null) {
			TestUser user = TestUsers.register(api());
			if (IdGenerator.shardOf(user.id()) < 4) {
				this.onFirst = user;
			}
			else {
				this.onSecond = user;
			}
		}
	}

	@AfterEach
	void bringBackTheDatabase() {
		proxy.forward();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(me(this.onSecond).status()).isEqualTo(200));
	}

	@Test
	void aStoppedDatabaseCostsOnlyItsUsers() {
		proxy.refuse();

		assertOnlyTheSecondDatabasesUsersAreRefused();
	}

	@Test
	void aDatabaseThatNoLongerAnswersCostsOnlyItsUsers() throws InterruptedException {
		proxy.hang();
		// Past Hikari's 500 ms in which a connection just used is handed out unchecked.
		Thread.sleep(600);

		assertOnlyTheSecondDatabasesUsersAreRefused();
	}

	private void assertOnlyTheSecondDatabasesUsersAreRefused() {
		long start = System.nanoTime();
		HttpReply refused = me(this.onSecond);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		refused.assertProblem(503, "service-unavailable");
		assertThat(refused.headers().getFirst("Retry-After")).isNotBlank();

		assertThat(me(this.onFirst).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode readiness = api().get("/actuator/health/readiness", null).assertStatus(200);
			assertThat(readiness.path("status").asString()).isEqualTo("UP");
			assertThat(readiness.at("/components/db/details/databases/db0").asString()).isEqualTo("UP");
			assertThat(readiness.at("/components/db/details/databases/db1").asString()).isEqualTo("DOWN");
		});
		String metrics = api().get("/actuator/prometheus", null).body();
		assertThat(metrics).containsPattern("pixelgram_shards_database_up\\{[^}]*database=\"db1\"[^}]*} 0")
			.containsPattern("pixelgram_shards_database_up\\{[^}]*database=\"db0\"[^}]*} 1");
		// Refused at once now, without waiting for the pool.
		start = System.nanoTime();
		me(this.onSecond).assertProblem(503, "service-unavailable");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

		proxy.forward();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(me(this.onSecond).status()).isEqualTo(200));
	}

	private HttpReply me(TestUser user) {
		return api().get("/v1/users/me", user.accessToken());
	}

	private Api api() {
		return new Api(this.port);
	}

}

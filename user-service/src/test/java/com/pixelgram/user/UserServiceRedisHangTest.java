package com.pixelgram.user;

import java.time.Duration;

import com.pixelgram.testsupport.RedisHang;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.embedded.EmbeddedRedisServer;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that hangs under the running service (a server of this class's own, paused with
 * {@code CLIENT PAUSE}, so that no other test waits for it): profiles are served from
 * Postgres, each within a command timeout until the {@code user-redis} breaker opens and
 * at once after that; once Redis answers, the breaker closes and the cache is used again.
 */
// A key generated and kept in the database: the local profile only.
@ActiveProfiles("local")
@SpringBootTest(classes = UserServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.events.relay.enabled=false",
				"pixelgram.resilience.circuit-breakers.user-redis.wait-duration-in-open-state=2s" })
class UserServiceRedisHangTest {

	static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start(0);

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "users_redis_hang", 2, 1);
		TestInfrastructure.sqs(registry, "users-redis-hang");
		registry.add("spring.data.redis.url", REDIS::url);
	}

	@AfterAll
	static void stopRedis() {
		REDIS.close();
	}

	@Test
	void servesProfilesFromPostgresWhileRedisHangsAndUsesTheCacheAgainOnceItAnswers() {
		TestUser user = TestUsers.register(api());
		TestUser viewer = TestUsers.register(api());
		String cached = this.keys.key("user:{" + user.id() + "}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> read(user, viewer) >= 0 && this.redis.hasKey(cached) && breaker("closed"));

		// Each read waits for its Redis read to time out (500 ms) until the breaker has
		// seen four of them fail.
		RedisHang.servesThrough(REDIS, Duration.ofSeconds(8), () -> read(user, viewer), this::breaker, 2_000, 6);

		this.redis.delete(cached);
		read(user, viewer);
		assertThat(this.redis.hasKey(cached)).as("cached again").isTrue();
	}

	/**
	 * Reads the user's profile as the viewer, checks it, and returns how long it took.
	 */
	private long read(TestUser user, TestUser viewer) {
		long started = System.nanoTime();
		JsonNode profile = api().get("/v1/users/" + user.id(), viewer.accessToken()).assertStatus(200);
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		assertThat(profile.path("username").asString()).isEqualTo(user.username());
		return millis;
	}

	private boolean breaker(String state) {
		return this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", "user-redis")
			.tag("state", state)
			.gauge()
			.value() == 1;
	}

	private Api api() {
		return new Api(this.port);
	}

}

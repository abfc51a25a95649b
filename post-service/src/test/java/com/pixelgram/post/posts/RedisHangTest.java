package com.pixelgram.post.posts;

import java.time.Duration;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.RedisKeys;
import com.pixelgram.post.image.TestImages;
import com.pixelgram.testsupport.RedisHang;
import com.pixelgram.testsupport.embedded.EmbeddedRedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that hangs under the running service (a server of this class's own, paused with
 * {@code CLIENT PAUSE}, so that no other test waits for it): posts are served from
 * Postgres, each read within a few command timeouts until the {@code post-redis} breaker
 * opens and at once after that; once Redis answers, the breaker closes and the cache is
 * used again.
 */
@Import(RedisHangTest.OwnRedis.class)
@TestPropertySource(properties = "pixelgram.resilience.circuit-breakers.post-redis.wait-duration-in-open-state=2s")
class RedisHangTest extends PostIntegrationTest {

	static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start(0);

	/** The service's Redis, with its own settings (timeouts) but on this server. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnRedis {

		@Bean
		DataRedisConnectionDetails redisConnectionDetails() {
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return Standalone.of("127.0.0.1", REDIS.port());
				}

			};
		}

	}

	@AfterAll
	static void stopRedis() {
		REDIS.close();
	}

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	MeterRegistry meters;

	@Autowired
	LettuceConnectionFactory connections;

	@Test
	void servesPostsFromPostgresWhileRedisHangsAndUsesTheCacheAgainOnceItAnswers() {
		assertThat(this.connections.getPort()).as("the service's Redis").isEqualTo(REDIS.port());
		long author = newUser();
		long postId = uploadReady(author, TestImages.png(TestImages.photo(300, 200))).path("post_id").asLong();
		String cached = this.keys.key("post:{" + postId + "}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> read(author, postId) >= 0 && this.redis.hasKey(cached) && breaker("closed"));

		// Each read waits for a few Redis commands to time out (500 ms each) until the
		// breaker has seen four of them fail.
		RedisHang.servesThrough(REDIS, Duration.ofSeconds(8), () -> read(author, postId), this::breaker, 3_000, 4);

		this.redis.delete(cached);
		read(author, postId);
		assertThat(this.redis.hasKey(cached)).as("cached again").isTrue();
	}

	/**
	 * Reads the post as another user, checks the answer, and returns how long it took.
	 */
	private long read(long author, long postId) {
		long started = System.nanoTime();
		Reply reply = get(newUser(), "/v1/posts/" + postId);
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json().path("post_id").asLong()).isEqualTo(postId);
		assertThat(reply.json().path("username").asString()).isEqualTo("user" + author);
		return millis;
	}

	private boolean breaker(String state) {
		return this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", RedisKeys.BREAKER)
			.tag("state", state)
			.gauge()
			.value() == 1;
	}

}

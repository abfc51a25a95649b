package com.pixelgram.user.auth;

import java.time.Duration;

import com.pixelgram.user.RedisKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class LoginThrottleRedisDownTest {

	// Nothing listens on port 1: every Redis call fails at once.
	private final LettuceConnectionFactory deadRedis = new LettuceConnectionFactory(
			new RedisStandaloneConfiguration("127.0.0.1", 1),
			LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(200)).build());

	@AfterEach
	void stop() {
		this.deadRedis.destroy();
	}

	@Test
	void failsOpenWhenRedisIsDown() {
		this.deadRedis.afterPropertiesSet();
		this.deadRedis.start();
		LoginThrottle throttle = new LoginThrottle(new StringRedisTemplate(this.deadRedis), new RedisKeys("t:"),
				new LoginProperties(5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15), 50, 1));

		assertThatNoException().isThrownBy(() -> {
			for (int i = 0; i < 12; i++) {
				assertThat(throttle.recordFailure("user:1", "203.0.113.9")).isZero();
			}
		});
		assertThat(throttle.blockedFor("user:1", "203.0.113.9")).isEmpty();
		assertThatNoException().isThrownBy(() -> throttle.reset("user:1", "203.0.113.9"));
	}

}

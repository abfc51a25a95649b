package com.pixelgram.user.account;

import java.time.Duration;
import java.time.Instant;

import com.pixelgram.user.RedisKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ProfileCacheRedisDownTest {

	// Nothing listens on port 1: every Redis call fails at once.
	private final LettuceConnectionFactory deadRedis = new LettuceConnectionFactory(
			new RedisStandaloneConfiguration("127.0.0.1", 1),
			LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(200)).build());

	@AfterEach
	void stop() {
		this.deadRedis.destroy();
	}

	@Test
	void reportsAMissSoThatTheCallerReadsPostgres() {
		this.deadRedis.afterPropertiesSet();
		this.deadRedis.start();
		ProfileCache cache = new ProfileCache(new StringRedisTemplate(this.deadRedis), JsonMapper.builder().build(),
				new RedisKeys("t:"), new ProfileCacheProperties(Duration.ofMinutes(30)),
				CircuitBreaker.ofDefaults(ProfileCache.BREAKER));
		PublicAccount account = new PublicAccount(1, "ada", "Ada", null, null, 0, 0, 0, Instant.now(), false);

		ProfileCache.Lookup miss = cache.get(1);
		assertThat(miss.account()).isEmpty();
		assertThatNoException().isThrownBy(() -> cache.put(account, miss));
		assertThatNoException().isThrownBy(() -> cache.evict(1));
		// While the breaker is open, reads do not even try.
		long start = System.nanoTime();
		assertThat(cache.get(1).account()).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));
	}

}

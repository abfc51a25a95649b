package com.pixelgram.user.account;

import java.time.Duration;
import java.time.Instant;

import com.pixelgram.testsupport.TestRedis;
import com.pixelgram.user.RedisKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile cache against a real Redis: what it caches, and what it refuses to. */
class ProfileCacheTest {

	private LettuceConnectionFactory connections;

	private ProfileCache cache;

	@BeforeEach
	void connect() {
		this.connections = connectionFactory();
		this.cache = new ProfileCache(new StringRedisTemplate(this.connections), JsonMapper.builder().build(),
				new RedisKeys(TestRedis.uniquePrefix("profile-cache")),
				new ProfileCacheProperties(Duration.ofMinutes(30)), CircuitBreaker.ofDefaults(ProfileCache.BREAKER));
	}

	/** The Redis the cache runs on. */
	LettuceConnectionFactory connectionFactory() {
		return TestRedis.connectionFactory();
	}

	@AfterEach
	void disconnect() {
		this.connections.destroy();
	}

	@Test
	void servesWhatAMissLoadedUntilTheNextChange() {
		ProfileCache.Lookup miss = this.cache.get(7);
		this.cache.put(account(7, "Before"), miss);

		assertThat(this.cache.get(7).account())
			.hasValueSatisfying((cached) -> assertThat(cached.fullName()).isEqualTo("Before"));
		this.cache.evict(7);
		assertThat(this.cache.get(7).account()).isEmpty();
	}

	@Test
	void neverCachesAProfileLoadedBeforeAChangeThatEvictedIt() {
		// A read misses and loads the row; a change commits and evicts meanwhile; then
		// the read caches what it loaded, which is already stale.
		ProfileCache.Lookup miss = this.cache.get(8);
		this.cache.evict(8);
		this.cache.put(account(8, "Stale"), miss);

		assertThat(this.cache.get(8).account()).isEmpty();
		ProfileCache.Lookup next = this.cache.get(8);
		this.cache.put(account(8, "Fresh"), next);
		assertThat(this.cache.get(8).account())
			.hasValueSatisfying((cached) -> assertThat(cached.fullName()).isEqualTo("Fresh"));
	}

	private static PublicAccount account(long id, String fullName) {
		return new PublicAccount(id, "user" + id, fullName, null, null, 0, 0, 0, Instant.now(), false);
	}

}

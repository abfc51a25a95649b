package com.pixelgram.post.posts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.post.PostProperties;
import com.pixelgram.post.RedisKeys;
import com.pixelgram.testsupport.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The post cache against a real Redis: what it caches, and what it refuses to. */
class PostCacheTest {

	private LettuceConnectionFactory connections;

	private PostCache cache;

	@BeforeEach
	void connect() {
		this.connections = connectionFactory();
		PostProperties properties = new PostProperties(URI.create("http://localhost:8081"), Duration.ofSeconds(1),
				Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofHours(1), 20, 100, 100,
				2200, 100, 1000, 2200, 30, 100,
				new PostProperties.Reconciliation(Duration.ofHours(1), Duration.ofMinutes(5)));
		this.cache = new PostCache(new StringRedisTemplate(this.connections), JsonMapper.builder().build(),
				new RedisKeys(TestRedis.uniquePrefix("post-cache")), properties, CircuitBreakerRegistry.ofDefaults());
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
		PostCache.Lookup miss = this.cache.get(List.of(7L, 8L));
		assertThat(miss.found()).isEmpty();
		this.cache.put(List.of(post(7, 3), post(8, 5)), miss);

		assertThat(this.cache.get(List.of(7L, 8L)).found()).containsOnlyKeys(7L, 8L)
			.hasEntrySatisfying(8L, (cached) -> assertThat(cached.likesCount()).isEqualTo(5));
		this.cache.evict(7);
		PostCache.Lookup after = this.cache.get(List.of(7L, 8L));
		assertThat(after.found()).containsOnlyKeys(8L);
		assertThat(after.misses()).containsOnlyKeys(7L);
	}

	@Test
	void neverCachesAPostLoadedBeforeAChangeThatEvictedIt() {
		// A read misses and loads the row; a like commits and evicts meanwhile; then the
		// read caches what it loaded, which is already stale.
		PostCache.Lookup miss = this.cache.get(List.of(9L));
		this.cache.evict(9);
		this.cache.put(List.of(post(9, 0)), miss);

		assertThat(this.cache.get(List.of(9L)).found()).isEmpty();
		PostCache.Lookup next = this.cache.get(List.of(9L));
		this.cache.put(List.of(post(9, 1)), next);
		assertThat(this.cache.get(List.of(9L)).found()).hasEntrySatisfying(9L,
				(cached) -> assertThat(cached.likesCount()).isEqualTo(1));
	}

	@Test
	void cachesOnlyReadyPostsAndOnlyWhatItWasAskedAbout() {
		PostCache.Lookup miss = this.cache.get(List.of(10L));
		PostView processing = new PostView(11, 1, null, "caption", null, null, null, null, Map.of(), 0, 0, 0, 0, null,
				UploadStatus.PROCESSING, null, Instant.now(), null, List.of(), List.of(), null, null);
		this.cache.put(List.of(post(10, 0).with("alice", true), processing, post(12, 0)), miss);

		Map<Long, PostView> found = this.cache.get(List.of(10L, 11L, 12L)).found();
		assertThat(found).containsOnlyKeys(10L);
		assertThat(found.get(10L).username()).isNull();
		assertThat(found.get(10L).likedByMe()).isNull();
	}

	private static PostView post(long id, long likes) {
		return new PostView(id, 1, null, "caption " + id, "Lisbon", null, "https://cdn/r/" + id + "/1080.jpg",
				"https://cdn/r/" + id + "/150.jpg", Map.of("1080", "https://cdn/r/" + id + "/1080.jpg"), 1080, 1350,
				likes, 0, null, UploadStatus.READY, null, Instant.now(), null, List.of(), List.of(),
				"LEHV6nWB2yk8pyo0adR*.7kCMdnj", null);
	}

}

package com.pixelgram.post.posts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.cache.CacheBreaker;
import com.pixelgram.cache.VersionedEntries;
import com.pixelgram.post.PostProperties;
import com.pixelgram.post.RedisKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * READY posts as JSON in Redis ({@code {prefix}post:{id}}, 1 hour), without the parts
 * that depend on the viewer or on user-service. Evicted after every committed change.
 * <p>
 * Entries are {@link VersionedEntries} (version key {@code {prefix}post-version:{id}}),
 * so that a read racing a like, a comment or a deletion never puts back the post the
 * change evicted.
 * <p>
 * Redis is reached through the {@code post-redis} circuit breaker (a
 * {@link CacheBreaker}): when it fails or hangs, posts are read from Postgres.
 */
@Component
public class PostCache {

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final RedisKeys keys;

	private final PostProperties properties;

	private final CacheBreaker guard;

	PostCache(StringRedisTemplate redis, JsonMapper json, RedisKeys keys, PostProperties properties,
			CircuitBreakerRegistry breakers) {
		this.redis = redis;
		this.json = json;
		this.keys = keys;
		this.properties = properties;
		this.guard = new CacheBreaker(breakers.circuitBreaker(RedisKeys.BREAKER), "Post cache");
	}

	/**
	 * The cached posts among the IDs, and the version each miss saw, to hand back to
	 * {@link #put}.
	 */
	Lookup get(Collection<Long> ids) {
		List<Long> order = new ArrayList<>(ids);
		List<String> keys = new ArrayList<>(order.size() * 2);
		order.forEach((id) -> keys.add(key(id)));
		order.forEach((id) -> keys.add(version(id)));
		List<String> values = this.guard.call("read", () -> this.redis.opsForValue().multiGet(keys));
		Map<Long, PostView> found = new HashMap<>();
		Map<Long, String> misses = new HashMap<>();
		if (values == null) {
			// Redis failed: misses whose loads are not cached.
			return new Lookup(found, misses);
		}
		for (int i = 0; i < order.size(); i++) {
			long id = order.get(i);
			String value = values.get(i);
			String version = VersionedEntries.versionOf(values.get(order.size() + i));
			if (value == null) {
				misses.put(id, version);
				continue;
			}
			try {
				PostView cached = this.json.readValue(value, PostView.class);
				if (cached.hashtags() == null || cached.mentions() == null) {
					// Cached before posts had hashtags or mentions: read it again.
					evict(id);
					misses.put(id, version);
					continue;
				}
				found.put(id, cached);
			}
			catch (JacksonException ex) {
				// An entry of an older shape: drop it and read the database.
				evict(id);
			}
		}
		return new Lookup(found, misses);
	}

	/**
	 * Caches READY posts loaded after the lookup's misses, each unless it was changed
	 * since; anything else is left out.
	 */
	void put(Collection<PostView> posts, Lookup lookup) {
		for (PostView post : posts) {
			String version = lookup.misses().get(post.postId());
			if (post.uploadStatus() != UploadStatus.READY || version == null) {
				continue;
			}
			String value = this.json.writeValueAsString(post.with(null, null));
			if (this.guard.call("write", () -> VersionedEntries.putIfUnchanged(this.redis, key(post.postId()),
					version(post.postId()), value, version, this.properties.postCacheTtl())) == null) {
				return;
			}
		}
	}

	/** Drops a post after a committed change to it. */
	public void evict(long postId) {
		this.guard.always("evict",
				() -> VersionedEntries.evict(this.redis, key(postId), version(postId), this.properties.postCacheTtl()));
	}

	private String key(long postId) {
		return this.keys.key("post:{" + postId + "}");
	}

	private String version(long postId) {
		return this.keys.key("post-version:{" + postId + "}");
	}

	/**
	 * What the cache answered.
	 *
	 * @param found the cached posts
	 * @param misses for each post that was not cached, the version it had when looked up
	 * ({@link VersionedEntries#NONE} before its first change); empty when Redis failed,
	 * so that nothing loaded is cached
	 */
	record Lookup(Map<Long, PostView> found, Map<Long, String> misses) {

	}

}

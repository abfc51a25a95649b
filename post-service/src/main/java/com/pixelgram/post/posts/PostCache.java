package com.pixelgram.post.posts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.post.PostProperties;
import com.pixelgram.post.RedisGuard;
import com.pixelgram.post.RedisKeys;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * READY posts as JSON in Redis ({@code {prefix}post:{id}}, 1 hour), without the parts
 * that depend on the viewer or on user-service. Evicted after every committed change.
 */
@Component
public class PostCache {

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final RedisKeys keys;

	private final PostProperties properties;

	private final RedisGuard guard;

	PostCache(StringRedisTemplate redis, JsonMapper json, RedisKeys keys, PostProperties properties) {
		this.redis = redis;
		this.json = json;
		this.keys = keys;
		this.properties = properties;
		this.guard = new RedisGuard("Post cache", properties.redisBackoff(), Clock.systemUTC());
	}

	/** The cached posts among the IDs; misses are absent. */
	Map<Long, PostView> get(Collection<Long> ids) {
		List<Long> order = new ArrayList<>(ids);
		List<String> values = this.guard.call("read",
				() -> this.redis.opsForValue().multiGet(order.stream().map(this::key).toList()));
		Map<Long, PostView> found = new HashMap<>();
		if (values == null) {
			return found;
		}
		for (int i = 0; i < order.size(); i++) {
			String value = values.get(i);
			if (value != null) {
				try {
					found.put(order.get(i), this.json.readValue(value, PostView.class));
				}
				catch (JacksonException ex) {
					evict(order.get(i));
				}
			}
		}
		return found;
	}

	/** Caches READY posts; anything else is left out. */
	void put(Collection<PostView> posts) {
		List<PostView> ready = posts.stream().filter((post) -> post.uploadStatus() == UploadStatus.READY).toList();
		if (ready.isEmpty()) {
			return;
		}
		Map<String, String> values = new HashMap<>();
		ready.forEach((post) -> values.put(key(post.postId()), this.json.writeValueAsString(post.with(null, null))));
		this.guard.call("write", () -> {
			values.forEach((key, value) -> this.redis.opsForValue().set(key, value, this.properties.postCacheTtl()));
			return null;
		});
	}

	/** Drops a post after a committed change to it. */
	public void evict(long postId) {
		this.guard.always("evict", () -> this.redis.delete(key(postId)));
	}

	private String key(long postId) {
		return this.keys.key("post:" + postId);
	}

}

package com.pixelgram.feed.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.clients.PostView;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Posts as post-service described them, one hash per post ({@code post:{id}}), so that a
 * like or comment can move a count in place.
 */
@Component
public class PostCache {

	public static final String LIKES = "likes_count";

	public static final String COMMENTS = "comments_count";

	/** Moves a count only when the post is cached, never below zero. */
	private static final RedisScript<Long> ADJUST_IF_CACHED = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
			if value < 0 then redis.call('HSET', KEYS[1], ARGV[1], 0) end
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Cache settings;

	private final CacheMetrics metrics;

	PostCache(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, CacheMetrics metrics) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.cache();
		this.metrics = metrics;
	}

	/** The cached ones among the IDs, by ID. */
	public Map<Long, PostView> getAll(Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return Map.of();
		}
		List<Long> ids = new ArrayList<>(postIds);
		List<Object> replies = Pipelines.run(this.redis,
				(connection) -> ids.forEach((id) -> connection.hGetAll(this.keys.post(id))));
		Map<Long, PostView> found = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			if (replies.get(i) instanceof Map<?, ?> hash && !hash.isEmpty()) {
				found.put(ids.get(i), fromHash(hash));
			}
		}
		this.metrics.hits("post", found.size());
		this.metrics.misses("post", ids.size() - found.size());
		return found;
	}

	public void putAll(Collection<PostView> posts) {
		if (posts.isEmpty()) {
			return;
		}
		long ttl = this.settings.postTtl().toMillis();
		Pipelines.run(this.redis, (connection) -> posts.forEach((post) -> {
			String key = this.keys.post(post.postId());
			connection.hMSet(key, toHash(post));
			connection.pExpire(key, ttl);
		}));
	}

	/** Moves a count of a cached post; an uncached post is left alone. */
	public void adjust(long postId, String field, long delta) {
		this.redis.execute(ADJUST_IF_CACHED, List.of(this.keys.post(postId)), field, Long.toString(delta));
	}

	public void evict(long postId) {
		this.redis.delete(this.keys.post(postId));
	}

	private static Map<String, String> toHash(PostView post) {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put("post_id", Long.toString(post.postId()));
		hash.put("user_id", Long.toString(post.userId()));
		putIfPresent(hash, "caption", post.caption());
		putIfPresent(hash, "location", post.location());
		putIfPresent(hash, "image_url", post.imageUrl());
		putIfPresent(hash, "thumbnail_url", post.thumbnailUrl());
		hash.put(LIKES, Long.toString(post.likesCount()));
		hash.put(COMMENTS, Long.toString(post.commentsCount()));
		if (post.createdAt() != null) {
			hash.put("created_at", post.createdAt().toString());
		}
		return hash;
	}

	private static PostView fromHash(Map<?, ?> hash) {
		return new PostView(Long.parseLong(text(hash, "post_id")), Long.parseLong(text(hash, "user_id")),
				text(hash, "caption"), text(hash, "location"), text(hash, "image_url"), text(hash, "thumbnail_url"),
				number(hash, LIKES), number(hash, COMMENTS),
				(text(hash, "created_at") != null) ? Instant.parse(text(hash, "created_at")) : null);
	}

	private static void putIfPresent(Map<String, String> hash, String field, String value) {
		if (value != null) {
			hash.put(field, value);
		}
	}

	private static String text(Map<?, ?> hash, String field) {
		Object value = hash.get(field);
		return (value != null) ? value.toString() : null;
	}

	private static long number(Map<?, ?> hash, String field) {
		String value = text(hash, field);
		return (value != null) ? Long.parseLong(value) : 0;
	}

}

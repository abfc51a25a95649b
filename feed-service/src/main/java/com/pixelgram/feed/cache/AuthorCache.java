package com.pixelgram.feed.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.clients.UserProfile;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Authors' public profiles ({@code user:{id}}), evicted when the user changes. The
 * profiles read lately are also kept in this process for {@code author-local-ttl}: the
 * authors of a page are mostly the same few for every viewer, and reading them from Redis
 * was a third of a page's commands. A change evicts this process's copy at once and other
 * processes' when it expires.
 */
@Component
public class AuthorCache {

	private final Cache<Long, UserProfile> local;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Cache settings;

	private final CacheMetrics metrics;

	AuthorCache(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, CacheMetrics metrics) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.cache();
		this.metrics = metrics;
		this.local = Caffeine.newBuilder()
			.maximumSize(this.settings.authorLocalSize())
			.expireAfterWrite(this.settings.authorLocalTtl())
			.build();
	}

	/** The authors among the IDs that this process read lately, by ID. */
	public Map<Long, UserProfile> recent(Collection<Long> userIds) {
		return this.local.getAllPresent(userIds);
	}

	/** Keeps an author read from Redis or user-service in this process. */
	public void remember(UserProfile user) {
		this.local.put(user.userId(), user);
	}

	/** The cached ones among the IDs, by ID. */
	public Map<Long, UserProfile> getAll(Collection<Long> userIds) {
		if (userIds.isEmpty()) {
			return Map.of();
		}
		List<Long> ids = new ArrayList<>(userIds);
		List<Object> replies = Pipelines.run(this.redis,
				(connection) -> ids.forEach((id) -> connection.hGetAll(this.keys.author(id))));
		Map<Long, UserProfile> found = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			if (replies.get(i) instanceof Map<?, ?> hash && !hash.isEmpty()) {
				UserProfile user = fromHash(ids.get(i), hash);
				found.put(ids.get(i), user);
				remember(user);
			}
		}
		this.metrics.hits("author", found.size());
		this.metrics.misses("author", ids.size() - found.size());
		return found;
	}

	/**
	 * Queues the read of one author on a pipeline; {@link #fromReply} reads its reply.
	 */
	public void get(StringRedisConnection connection, long userId) {
		connection.hGetAll(this.keys.author(userId));
	}

	/** The author of an HGETALL reply, or {@code null} when not cached. */
	public static UserProfile fromReply(long userId, Object reply) {
		return (reply instanceof Map<?, ?> hash && !hash.isEmpty()) ? fromHash(userId, hash) : null;
	}

	public void putAll(Collection<UserProfile> users) {
		if (users.isEmpty()) {
			return;
		}
		long ttl = this.settings.authorTtl().toMillis();
		users.forEach(this::remember);
		Pipelines.run(this.redis, (connection) -> users.forEach((user) -> {
			String key = this.keys.author(user.userId());
			connection.hMSet(key, toHash(user));
			connection.pExpire(key, ttl);
		}));
	}

	public void evict(long userId) {
		this.local.invalidate(userId);
		this.redis.delete(this.keys.author(userId));
	}

	private static Map<String, String> toHash(UserProfile user) {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put("followers_count", Long.toString(user.followersCount()));
		if (user.username() != null) {
			hash.put("username", user.username());
		}
		if (user.fullName() != null) {
			hash.put("full_name", user.fullName());
		}
		if (user.profileImageUrl() != null) {
			hash.put("profile_image_url", user.profileImageUrl());
		}
		return hash;
	}

	private static UserProfile fromHash(long userId, Map<?, ?> hash) {
		Object followers = hash.get("followers_count");
		return new UserProfile(userId, text(hash, "username"), text(hash, "full_name"), text(hash, "profile_image_url"),
				(followers != null) ? Long.parseLong(followers.toString()) : 0);
	}

	private static String text(Map<?, ?> hash, String field) {
		Object value = hash.get(field);
		return (value != null) ? value.toString() : null;
	}

}

package com.pixelgram.feed.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.CacheMetrics;
import com.pixelgram.feed.clients.IdPage;
import com.pixelgram.feed.clients.UserServiceClient;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Whom a viewer follows, from user-service, cached a few minutes ({@code following:{id}})
 * and dropped when the viewer follows or unfollows someone.
 */
@Component
public class FollowingCache {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Timeline settings;

	private final UserServiceClient users;

	private final CacheMetrics metrics;

	FollowingCache(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, UserServiceClient users,
			CacheMetrics metrics) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.timeline();
		this.users = users;
		this.metrics = metrics;
	}

	/** The viewer's followees, in ascending ID order, at most {@code max-following}. */
	public List<Long> following(long viewerId) {
		String cached = this.redis.opsForValue().get(this.keys.following(viewerId));
		if (cached != null) {
			this.metrics.hits("following", 1);
			return parse(cached);
		}
		this.metrics.misses("following", 1);
		List<Long> following = fromService(viewerId);
		this.redis.opsForValue()
			.set(this.keys.following(viewerId),
					following.stream().map(String::valueOf).collect(Collectors.joining(",")),
					this.settings.followingTtl());
		return following;
	}

	/** The viewer's followees straight from user-service, bypassing Redis. */
	public List<Long> fromService(long viewerId) {
		List<Long> following = new ArrayList<>();
		Long after = null;
		do {
			int limit = Math.min(this.settings.followingPageSize(), this.settings.maxFollowing() - following.size());
			IdPage page = this.users.following(viewerId, after, limit);
			following.addAll(page.ids());
			after = page.nextAfter();
		}
		while (after != null && following.size() < this.settings.maxFollowing());
		return following;
	}

	void evict(long viewerId) {
		this.redis.delete(this.keys.following(viewerId));
	}

	private static List<Long> parse(String cached) {
		if (cached.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(cached.split(",")).map(Long::valueOf).toList();
	}

}

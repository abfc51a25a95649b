package com.pixelgram.feed.timeline;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.CacheMetrics;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A viewer's ranked post IDs ({@code ranked:{id}}), written whole with its TTL in one
 * command so that every page of a session reads the same order.
 */
@Component
public class RankedLists {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Ranking settings;

	private final CacheMetrics metrics;

	RankedLists(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, CacheMetrics metrics) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.ranking();
		this.metrics = metrics;
	}

	Optional<List<Long>> get(long viewerId) {
		String cached = this.redis.opsForValue().get(this.keys.ranked(viewerId));
		if (cached == null) {
			this.metrics.misses("ranked", 1);
			return Optional.empty();
		}
		this.metrics.hits("ranked", 1);
		return Optional.of(cached.isEmpty() ? List.of() : Arrays.stream(cached.split(",")).map(Long::valueOf).toList());
	}

	void put(long viewerId, List<Long> postIds) {
		this.redis.opsForValue()
			.set(this.keys.ranked(viewerId), postIds.stream().map(String::valueOf).collect(Collectors.joining(",")),
					this.settings.rankedTtl());
	}

	/**
	 * Drops the list, so that the next read ranks afresh (the viewer's graph changed).
	 */
	public void drop(long viewerId) {
		this.redis.delete(this.keys.ranked(viewerId));
	}

}

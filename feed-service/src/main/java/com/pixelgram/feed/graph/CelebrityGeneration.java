package com.pixelgram.feed.graph;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A counter bumped whenever an author becomes a celebrity or stops being one. Each
 * viewer's list of followed celebrities records the generation it was made in, and is
 * made again when that is not the current one. Readers learn the current generation at
 * most once per {@code celebrity-generation-refresh}, not on every read: one shared key
 * read by every request would make a hot spot of one Redis node.
 */
@Component
class CelebrityGeneration {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final long refreshNanos;

	private volatile long current;

	private volatile long readAt;

	private volatile boolean known;

	CelebrityGeneration(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.refreshNanos = properties.timeline().celebrityGenerationRefresh().toNanos();
	}

	long current() {
		long now = System.nanoTime();
		if (!this.known || now - this.readAt >= this.refreshNanos) {
			String value = this.redis.opsForValue().get(this.keys.celebrityGeneration());
			this.current = (value != null) ? Long.parseLong(value) : 0;
			this.readAt = now;
			this.known = true;
		}
		return this.current;
	}

	void bump() {
		Long value = this.redis.opsForValue().increment(this.keys.celebrityGeneration());
		if (value != null) {
			this.current = value;
			this.readAt = System.nanoTime();
			this.known = true;
		}
	}

}

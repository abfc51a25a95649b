package com.pixelgram.feed.events;

import java.util.UUID;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes a handler with non-idempotent effects (counts, affinity points) run once per
 * event: it claims {@code event:{id}} first and gives the claim back if it fails, so a
 * redelivery retries a failure but never repeats a success. (A process killed between
 * claim and effect loses that one increment: these are cache counts and ranking hints,
 * not records.)
 */
@Component
class ProcessedEvents {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Fanout settings;

	ProcessedEvents(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.fanout();
	}

	/** Runs the handler unless the event was handled before; true when it ran. */
	boolean once(UUID eventId, Runnable handler) {
		String key = this.keys.processedEvent(eventId);
		Boolean claimed = this.redis.opsForValue().setIfAbsent(key, "1", this.settings.dedupeTtl());
		if (!Boolean.TRUE.equals(claimed)) {
			return false;
		}
		try {
			handler.run();
			return true;
		}
		catch (RuntimeException ex) {
			this.redis.delete(key);
			throw ex;
		}
	}

}

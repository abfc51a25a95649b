package com.pixelgram.feed.ranking;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A viewer's interactions with each author ({@code affinity:{viewerId}}: author ID to
 * points; a like and a comment weigh as configured), kept from like and comment events.
 */
@Component
public class AffinityStore {

	/**
	 * Adds points once per event: the claim (KEYS[2], kept ARGV[4] ms) is taken in the
	 * same script, so the two happen together or not at all; a field that falls to zero
	 * goes away; the hash lives on while used.
	 */
	private static final RedisScript<Long> ADD_ONCE = RedisScript.of("""
			if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[4]) then return -1 end
			local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
			if value <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
			if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
			return value
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Ranking settings;

	AffinityStore(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.ranking();
	}

	/**
	 * A like or unlike, once per event.
	 * @param eventId the event
	 * @param viewerId who liked
	 * @param authorId whose post
	 * @param added a like rather than an unlike
	 * @param remember how long the event is remembered
	 */
	public void liked(UUID eventId, long viewerId, long authorId, boolean added, Duration remember) {
		add(eventId, viewerId, authorId, added ? this.settings.likeAffinity() : -this.settings.likeAffinity(),
				remember);
	}

	/**
	 * A comment or its deletion, once per event.
	 * @param eventId the event
	 * @param viewerId who commented
	 * @param authorId whose post
	 * @param added a comment rather than its deletion
	 * @param remember how long the event is remembered
	 */
	public void commented(UUID eventId, long viewerId, long authorId, boolean added, Duration remember) {
		add(eventId, viewerId, authorId, added ? this.settings.commentAffinity() : -this.settings.commentAffinity(),
				remember);
	}

	/** Queues the read on a pipeline; {@link #normalised} reads its reply. */
	public void get(StringRedisConnection connection, long viewerId) {
		connection.hGetAll(this.keys.affinity(viewerId));
	}

	/**
	 * The viewer's affinity by author from an HGETALL reply, each divided by the largest,
	 * so in [0, 1]: the author the viewer engages with most scores 1.
	 */
	public static Map<Long, Double> normalised(Object reply) {
		if (!(reply instanceof Map<?, ?> raw) || raw.isEmpty()) {
			return Map.of();
		}
		long max = 0;
		Map<Long, Long> points = new HashMap<>();
		for (Map.Entry<?, ?> entry : raw.entrySet()) {
			long value = Long.parseLong(entry.getValue().toString());
			if (value > 0) {
				points.put(Long.valueOf(entry.getKey().toString()), value);
				max = Math.max(max, value);
			}
		}
		Map<Long, Double> affinity = new HashMap<>();
		for (Map.Entry<Long, Long> entry : points.entrySet()) {
			affinity.put(entry.getKey(), entry.getValue() / (double) max);
		}
		return affinity;
	}

	private void add(UUID eventId, long viewerId, long authorId, long points, Duration remember) {
		if (viewerId == authorId || points == 0) {
			// Interacting with one's own posts says nothing about whom one wants to see.
			return;
		}
		String affinity = this.keys.affinity(viewerId);
		this.redis.execute(ADD_ONCE, List.of(affinity, this.keys.processedEvent(eventId, affinity)),
				Long.toString(authorId), Long.toString(points), Long.toString(this.settings.affinityTtl().toMillis()),
				Long.toString(remember.toMillis()));
	}

}

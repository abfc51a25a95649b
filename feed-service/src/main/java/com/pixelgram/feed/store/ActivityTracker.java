package com.pixelgram.feed.store;

import java.util.List;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * Who reads their feed ({@code active:{id}}, alive {@code active-for} after each read):
 * fanout writes only to active users, the others get a rebuild when they come back.
 */
@Component
public class ActivityTracker {

	/** Replies that {@link #touch} queues. */
	public static final int TOUCH_REPLIES = 2;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Timeline settings;

	ActivityTracker(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.timeline();
	}

	/**
	 * Queues, on a read's pipeline, the checks of whether the user read their feed lately
	 * (which keeps that mark alive) and whether their cached feed exists (which keeps it
	 * alive too): {@link #TOUCH_REPLIES} replies, which {@link #touched} reads. A user
	 * found inactive must be {@linkplain #markActive marked} before their feed is
	 * rebuilt.
	 */
	public void touch(StringRedisConnection connection, long userId) {
		connection.getEx(this.keys.active(userId), Expiration.milliseconds(this.settings.activeFor().toMillis()));
		connection.pExpire(this.keys.feed(userId), this.settings.feedTtl().toMillis());
	}

	/** What the replies of {@link #touch}, from {@code from} on, found. */
	public static Touch touched(List<Object> replies, int from) {
		return new Touch(replies.get(from) != null, Pipelines.exists(replies.get(from + 1)));
	}

	/**
	 * Marks the user active. Done before a rebuild reads the graph, so that a post
	 * published during the rebuild is pushed to this user rather than missed by both.
	 */
	public void markActive(long userId) {
		this.redis.opsForValue().set(this.keys.active(userId), "1", this.settings.activeFor());
	}

	/**
	 * Makes the user's mark short-lived after an incomplete rebuild, so that a read after
	 * {@code rebuild-retry} rebuilds again: not the very next one, or a rebuild that
	 * fails under load would be retried by every read and add to that load.
	 */
	public void retryRebuildSoon(long userId) {
		this.redis.expire(this.keys.active(userId), this.settings.rebuildRetry());
	}

	/**
	 * What a read found.
	 *
	 * @param wasActive the user had read their feed within {@code active-for}
	 * @param feedExists their feed key exists
	 */
	public record Touch(boolean wasActive, boolean feedExists) {

		public boolean needsRebuild() {
			return !this.wasActive || !this.feedExists;
		}

	}

}

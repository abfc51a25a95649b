package com.pixelgram.feed.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Who reads their feed ({@code active:{id}}, alive {@code active-for} after each read):
 * fanout writes only to active users, the others get a rebuild when they come back.
 */
@Component
public class ActivityTracker {

	/** Replies that {@link #touch} queues. */
	public static final int TOUCH_REPLIES = 4;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Timeline settings;

	ActivityTracker(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.timeline();
	}

	/**
	 * Queues, on a read's pipeline, the record of a feed read and the checks of whether
	 * the user's cached feed can be trusted ({@link #TOUCH_REPLIES} replies, which
	 * {@link #touched} reads). The mark is set before any rebuild reads the graph, so
	 * that a post published during the rebuild is pushed to this user rather than missed
	 * by both.
	 */
	public void touch(StringRedisConnection connection, long userId) {
		String active = this.keys.active(userId);
		String feed = this.keys.feed(userId);
		connection.exists(active);
		connection.exists(feed);
		connection.pSetEx(active, this.settings.activeFor().toMillis(), "1");
		connection.pExpire(feed, this.settings.feedTtl().toMillis());
	}

	/** What the replies of {@link #touch}, from {@code from} on, found. */
	public static Touch touched(List<Object> replies, int from) {
		return new Touch(Pipelines.exists(replies.get(from)), Pipelines.exists(replies.get(from + 1)));
	}

	/** Forgets a read, so that the next one rebuilds (after an incomplete rebuild). */
	public void forget(long userId) {
		this.redis.delete(this.keys.active(userId));
	}

	/** The active ones among the users, in order, pipelined. */
	public List<Long> activeAmong(Collection<Long> userIds) {
		if (userIds.isEmpty()) {
			return List.of();
		}
		List<Long> ids = new ArrayList<>(userIds);
		List<Object> replies = Pipelines.runEach(this.redis, ids,
				(connection, id) -> connection.exists(this.keys.active(id)));
		List<Long> active = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			if (Pipelines.exists(replies.get(i))) {
				active.add(ids.get(i));
			}
		}
		return active;
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

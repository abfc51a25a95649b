package com.pixelgram.feed.graph;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The authors a viewer unfollowed within {@code unfollow-grace} ({@code unfollowed:{id}},
 * scored by when). An unfollow takes the author's posts out of the viewer's feed, but a
 * fanout that read the follower list just before the unfollow may write one back after;
 * reads leave out those authors' posts, and take them out of the feed, for as long as
 * such a walk can last. Normally empty.
 */
@Component
public class Unfollowed {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Timeline settings;

	private final Clock clock = Clock.systemUTC();

	Unfollowed(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.timeline();
	}

	void unfollowed(long viewerId, long authorId) {
		String key = this.keys.unfollowed(viewerId);
		long now = this.clock.millis();
		long grace = this.settings.unfollowGrace().toMillis();
		Pipelines.run(this.redis, (connection) -> {
			connection.zAdd(key, now, Long.toString(authorId));
			connection.zRemRangeByScore(key, Double.NEGATIVE_INFINITY, now - grace);
			connection.pExpire(key, grace);
		});
	}

	void followed(long viewerId, long authorId) {
		this.redis.opsForZSet().remove(this.keys.unfollowed(viewerId), Long.toString(authorId));
	}

	/** Queues the read on a pipeline; {@link #fromReply} reads its reply. */
	public void get(StringRedisConnection connection, long viewerId) {
		connection.zRangeByScore(this.keys.unfollowed(viewerId),
				this.clock.millis() - this.settings.unfollowGrace().toMillis(), Double.POSITIVE_INFINITY);
	}

	/** The authors of a reply of {@link #get}. */
	public static Set<Long> fromReply(Object reply) {
		Set<Long> authors = new HashSet<>();
		if (reply instanceof Collection<?> members) {
			members.forEach((member) -> authors.add(Long.valueOf(member.toString())));
		}
		return authors;
	}

}

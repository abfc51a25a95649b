package com.pixelgram.feed.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The celebrities a viewer follows ({@code celebs:{id}}: {@code generation:id,id,…}),
 * whose posts a read pulls because fanout never pushed them. Made from the follow graph
 * and the follower counts on a miss, dropped when the viewer follows or unfollows, and
 * made again when any author crossed the celebrity threshold since (a new generation). So
 * a warm read learns them with one GET instead of checking every followee's count.
 */
@Component
public class FollowedCelebrities {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FollowingCache following;

	private final FollowerCounts counts;

	private final CelebrityGeneration generation;

	private final FeedProperties.Timeline settings;

	FollowedCelebrities(StringRedisTemplate redis, RedisKeys keys, FollowingCache following, FollowerCounts counts,
			CelebrityGeneration generation, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.following = following;
		this.counts = counts;
		this.generation = generation;
		this.settings = properties.timeline();
	}

	/** Queues the read on a pipeline; {@link #fromReply} reads its reply. */
	public void get(StringRedisConnection connection, long viewerId) {
		connection.get(this.keys.followedCelebrities(viewerId));
	}

	/**
	 * The viewer's celebrities from a GET reply of {@link #get} if it is current, else
	 * made anew (from the follow graph, which may ask user-service).
	 * @throws com.pixelgram.feed.clients.ServiceCallException when the graph is unknown
	 * here and user-service cannot say
	 */
	public List<Long> fromReply(long viewerId, Object reply) {
		long current = this.generation.current();
		if (reply instanceof String value) {
			int colon = value.indexOf(':');
			if (colon > 0 && Long.parseLong(value.substring(0, colon)) == current) {
				String ids = value.substring(colon + 1);
				return ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
			}
		}
		List<Long> celebrities = new ArrayList<>(this.counts.celebritiesAmong(this.following.following(viewerId)));
		celebrities.sort(null);
		this.redis.opsForValue()
			.set(this.keys.followedCelebrities(viewerId),
					current + ":" + celebrities.stream().map(String::valueOf).collect(Collectors.joining(",")),
					this.settings.feedTtl());
		return celebrities;
	}

	void evict(long viewerId) {
		this.redis.delete(this.keys.followedCelebrities(viewerId));
	}

}

package com.pixelgram.feed.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.feed.clients.UserServiceClient;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Follower counts ({@code followers:{id}}), learned from user events and profile reads,
 * which decide who is a celebrity: pulled at read time instead of pushed.
 */
@Component
public class FollowerCounts {

	private static final int CHUNK = 1000;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Fanout settings;

	private final UserServiceClient users;

	private final CelebrityGeneration generation;

	FollowerCounts(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, UserServiceClient users,
			CelebrityGeneration generation) {
		this.redis = redis;
		this.generation = generation;
		this.keys = keys;
		this.settings = properties.fanout();
		this.users = users;
	}

	long threshold() {
		return this.settings.celebrityThreshold();
	}

	boolean isCelebrityCount(long followers) {
		return followers >= this.settings.celebrityThreshold();
	}

	public void record(long userId, long followers) {
		String previous = this.redis.opsForValue().getAndSet(this.keys.followerCount(userId), Long.toString(followers));
		this.redis.expire(this.keys.followerCount(userId), this.settings.followerCountTtl());
		if (crossed(Pipelines.asLong(previous), followers)) {
			this.generation.bump();
		}
	}

	public void recordAll(Collection<UserProfile> profiles) {
		if (profiles.isEmpty()) {
			return;
		}
		long ttl = this.settings.followerCountTtl().toMillis();
		List<UserProfile> all = new ArrayList<>(profiles);
		List<Object> previous = Pipelines.run(this.redis, (connection) -> all.forEach((profile) -> {
			String key = this.keys.followerCount(profile.userId());
			connection.getSet(key, Long.toString(profile.followersCount()));
			connection.pExpire(key, ttl);
		}));
		for (int i = 0; i < all.size(); i++) {
			if (crossed(Pipelines.asLong(previous.get(2 * i)), all.get(i).followersCount())) {
				this.generation.bump();
				return;
			}
		}
	}

	/**
	 * Whether a change of count made a celebrity of an author or took it back: viewers'
	 * lists of followed celebrities are then stale. A first count known is no change.
	 */
	private boolean crossed(Long previous, long followers) {
		return previous != null && isCelebrityCount(previous) != isCelebrityCount(followers);
	}

	/**
	 * Whether the author is a celebrity; an unknown count is asked of user-service (and a
	 * user it does not know has no followers).
	 */
	public boolean isCelebrity(long authorId) {
		String known = this.redis.opsForValue().get(this.keys.followerCount(authorId));
		if (known != null) {
			return isCelebrityCount(Long.parseLong(known));
		}
		long followers = this.users.users(List.of(authorId))
			.stream()
			.filter((profile) -> profile.userId() == authorId)
			.mapToLong(UserProfile::followersCount)
			.findFirst()
			.orElse(0);
		record(authorId, followers);
		return isCelebrityCount(followers);
	}

	/** Queues the read of a known count on a pipeline: a GET reply, absent if unknown. */
	public void get(StringRedisConnection connection, long userId) {
		connection.get(this.keys.followerCount(userId));
	}

	/** The celebrities among the users, by their known counts. */
	Set<Long> celebritiesAmong(Collection<Long> userIds) {
		Set<Long> celebrities = new HashSet<>();
		List<Long> ids = new ArrayList<>(userIds);
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
			List<Object> replies = Pipelines.run(this.redis,
					(connection) -> chunk.forEach((id) -> connection.get(this.keys.followerCount(id))));
			for (int i = 0; i < chunk.size(); i++) {
				Long count = Pipelines.asLong(replies.get(i));
				if (count != null && isCelebrityCount(count)) {
					celebrities.add(chunk.get(i));
				}
			}
		}
		return celebrities;
	}

}

package com.pixelgram.feed.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.AuthorCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Deleted accounts ({@code UserDeleted}): every key of the account goes (its feed, its
 * posts list, activity, follower count, cached graph and celebrities, unfollowed and
 * hidden authors, likes, affinity, snapshots, cached profile), one command per key so
 * that it runs unchanged on Redis Cluster. A tombstone {@code deleted-user:{id}} holding
 * the IDs of the account's known posts stays for as long as events are remembered
 * ({@code dedupe-ttl}): the events user-service and post-service send after the deletion
 * (unfollows, unblocks, unmutes, taken-back likes and comments) then leave the account's
 * keys alone, and an unfollow of it takes its posts out of the follower's feed even once
 * its posts list is gone.
 */
@Component
public class DeletedUsers {

	private static final Logger log = LoggerFactory.getLogger(DeletedUsers.class);

	private static final String[] SNAPSHOT_ORDERS = { "r", "l" };

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final AuthorCache authors;

	private final Duration tombstoneTtl;

	DeletedUsers(StringRedisTemplate redis, RedisKeys keys, AuthorCache authors, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.authors = authors;
		this.tombstoneTtl = properties.fanout().dedupeTtl();
	}

	/** Records the deletion and drops every key of the account. Safe to repeat. */
	public void deleted(long userId) {
		String tombstone = this.keys.deletedUser(userId);
		List<Long> posts = new ArrayList<>(postsOf(userId).orElse(List.of()));
		Set<String> known = this.redis.opsForZSet().range(this.keys.authorPosts(userId), 0, -1);
		if (known != null) {
			known.stream()
				.filter(DeletedUsers::isId)
				.map(Long::valueOf)
				.filter((id) -> !posts.contains(id))
				.forEach(posts::add);
		}
		this.redis.opsForValue()
			.set(tombstone, posts.stream().map(String::valueOf).collect(Collectors.joining(",")), this.tombstoneTtl);
		List<String> owned = new ArrayList<>(List.of(this.keys.feed(userId), this.keys.authorPosts(userId),
				this.keys.active(userId), this.keys.followerCount(userId), this.keys.following(userId),
				this.keys.followedCelebrities(userId), this.keys.unfollowed(userId), this.keys.hidden(userId),
				this.keys.likes(userId), this.keys.affinity(userId), this.keys.author(userId)));
		for (String order : SNAPSHOT_ORDERS) {
			owned.add(this.keys.snapshot(userId, order));
		}
		owned.forEach(this.redis::delete);
		this.authors.evict(userId);
		log.info("Dropped the feed keys of deleted user {} ({} known posts)", userId, posts.size());
	}

	/** Whether the account was deleted lately (its tombstone is there). */
	public boolean isDeleted(long userId) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.deletedUser(userId)));
	}

	/** The known posts of an account deleted lately, or empty when it was not. */
	Optional<List<Long>> postsOf(long userId) {
		String value = this.redis.opsForValue().get(this.keys.deletedUser(userId));
		if (value == null) {
			return Optional.empty();
		}
		return Optional.of(Arrays.stream(value.split(",")).filter(DeletedUsers::isId).map(Long::valueOf).toList());
	}

	private static boolean isId(String value) {
		return !value.isEmpty() && value.chars().allMatch(Character::isDigit);
	}

}

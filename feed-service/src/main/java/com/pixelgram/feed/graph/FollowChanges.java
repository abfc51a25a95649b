package com.pixelgram.feed.graph;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.cache.Tombstones;
import com.pixelgram.feed.store.AuthorPosts;
import com.pixelgram.feed.store.FeedStore;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * What a follow or an unfollow does to the follower's feed: the followee's recent posts
 * come in, or all of their known posts go; the follower's cached graph and list of
 * followed celebrities are dropped either way, so that the next read shows the change.
 * Events may arrive late or twice: a change older than the newest one applied to the same
 * edge is ignored, so a redelivered follow cannot bring back the posts of someone
 * unfollowed since.
 */
@Component
public class FollowChanges {

	private static final RedisScript<Long> NEWEST_CHANGE = RedisScript.of("""
			local applied = redis.call('GET', KEYS[1])
			if applied and tonumber(applied) > tonumber(ARGV[1]) then
			  return 0
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return 1
			""", Long.class);

	private final FeedStore feeds;

	private final AuthorPosts authorPosts;

	private final PostServiceClient posts;

	private final PostCache postCache;

	private final Tombstones tombstones;

	private final FollowingCache following;

	private final FollowedCelebrities celebrities;

	private final Unfollowed unfollowed;

	private final FeedProperties properties;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final DeletedUsers deletedUsers;

	FollowChanges(FeedStore feeds, AuthorPosts authorPosts, PostServiceClient posts, PostCache postCache,
			Tombstones tombstones, FollowingCache following, FollowedCelebrities celebrities, Unfollowed unfollowed,
			FeedProperties properties, StringRedisTemplate redis, RedisKeys keys, DeletedUsers deletedUsers) {
		this.deletedUsers = deletedUsers;
		this.feeds = feeds;
		this.authorPosts = authorPosts;
		this.posts = posts;
		this.postCache = postCache;
		this.tombstones = tombstones;
		this.following = following;
		this.celebrities = celebrities;
		this.unfollowed = unfollowed;
		this.properties = properties;
		this.redis = redis;
		this.keys = keys;
	}

	/** Backfills the followee's recent posts into the follower's feed. */
	public void followed(long followerId, long followeeId, Instant at) {
		if (this.deletedUsers.isDeleted(followerId) || this.deletedUsers.isDeleted(followeeId)) {
			// Late: one of the two was deleted since.
			return;
		}
		if (!isNewest(followerId, followeeId, at)) {
			return;
		}
		List<Long> recent = new ArrayList<>(knownPosts(followeeId, this.properties.timeline().backfillPosts()));
		recent.removeAll(this.tombstones.deletedAmong(recent));
		this.unfollowed.followed(followerId, followeeId);
		this.feeds.addToFeed(followerId, recent);
		this.following.evict(followerId);
		this.celebrities.evict(followerId);
	}

	/**
	 * Removes the followee's posts from the follower's feed. A deleted follower has no
	 * feed any more; a deleted followee's posts are the ones its tombstone lists.
	 */
	public void unfollowed(long followerId, long followeeId, Instant at) {
		if (this.deletedUsers.isDeleted(followerId)) {
			return;
		}
		Optional<List<Long>> deletedPosts = this.deletedUsers.postsOf(followeeId);
		if (deletedPosts.isPresent()) {
			this.feeds.removeFromFeed(followerId, deletedPosts.get());
			this.following.evict(followerId);
			this.celebrities.evict(followerId);
			return;
		}
		if (!isNewest(followerId, followeeId, at)) {
			return;
		}
		this.unfollowed.unfollowed(followerId, followeeId);
		this.feeds.removeFromFeed(followerId, knownPosts(followeeId, this.properties.fanout().authorPostsSize()));
		this.following.evict(followerId);
		this.celebrities.evict(followerId);
	}

	/**
	 * Records the change as the edge's newest unless a newer one was applied already.
	 * @return whether the change is the newest and should be applied
	 */
	private boolean isNewest(long followerId, long followeeId, Instant at) {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
		Long newest = this.redis.execute(NEWEST_CHANGE, List.of(this.keys.followChange(followerId, followeeId)),
				Long.toString(micros), Long.toString(this.properties.fanout().dedupeTtl().toMillis()));
		return newest != null && newest == 1;
	}

	/**
	 * The author's newest post IDs from {@code posts:{id}}, or from post-service (which
	 * then seeds it) when none are known.
	 */
	private List<Long> knownPosts(long authorId, int count) {
		List<Long> known = this.authorPosts.recent(authorId, count);
		if (!known.isEmpty()) {
			return known;
		}
		List<PostView> recent = this.posts.recentPosts(authorId, count);
		List<Long> ids = recent.stream().map(PostView::postId).toList();
		this.authorPosts.addAll(authorId, ids);
		this.postCache.putAll(recent);
		return ids;
	}

}

package com.pixelgram.feed.fanout;

import java.util.List;

import com.pixelgram.events.PostDeleted;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.cache.Tombstones;
import com.pixelgram.feed.graph.DeletedUsers;
import com.pixelgram.feed.graph.FollowerCounts;
import com.pixelgram.feed.store.AuthorPosts;
import com.pixelgram.feed.store.FeedStore;

import org.springframework.stereotype.Component;

/**
 * Takes a deleted post out of everything: a tombstone first (so that no ranked list or
 * cache serves it while the rest happens, and a late publish does not fan it out), then
 * the post cache, the author's posts and feed, and every follower's feed. A celebrity's
 * post was never pushed, so their followers are not walked.
 */
@Component
public class PostRemoval {

	private final Tombstones tombstones;

	private final PostCache postCache;

	private final AuthorPosts authorPosts;

	private final FeedStore feeds;

	private final FollowerCounts counts;

	private final FollowerWalk walk;

	private final RedisKeys keys;

	private final DeletedUsers deletedUsers;

	PostRemoval(Tombstones tombstones, PostCache postCache, AuthorPosts authorPosts, FeedStore feeds,
			FollowerCounts counts, FollowerWalk walk, RedisKeys keys, DeletedUsers deletedUsers) {
		this.deletedUsers = deletedUsers;
		this.tombstones = tombstones;
		this.postCache = postCache;
		this.authorPosts = authorPosts;
		this.feeds = feeds;
		this.counts = counts;
		this.walk = walk;
		this.keys = keys;
	}

	/**
	 * @param heartbeat called as pages of followers are done (a long walk renews its
	 * claim on the event)
	 */
	public void remove(PostDeleted deleted, Runnable heartbeat) {
		long postId = deleted.postId();
		long authorId = deleted.authorId();
		this.tombstones.mark(postId);
		this.postCache.markDeleted(postId);
		this.authorPosts.remove(authorId, postId);
		this.feeds.removeFromFeeds(List.of(authorId), postId);
		if (this.deletedUsers.isDeleted(authorId)) {
			// The author's account was deleted: its follows are being removed, and each
			// unfollow takes its posts out of that follower's feed (DeletedUsers).
			return;
		}
		if (!this.counts.isCelebrity(authorId)) {
			// Every follower, active or not: an inactive one may still hold it from
			// before.
			this.walk.walk(authorId, this.keys.purgeCheckpoint(postId), (followers) -> {
				this.feeds.removeFromFeeds(followers, postId);
				return true;
			}, heartbeat);
		}
	}

}

package com.pixelgram.feed.timeline;

import java.util.ArrayList;
import java.util.List;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.cache.Tombstones;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.graph.FollowingCache;

import org.springframework.stereotype.Component;

/**
 * What a follow or an unfollow does to the follower's feed: the followee's recent posts
 * come in, or all of their known posts go; the follower's cached graph and ranked list
 * are dropped either way, so that the next read shows the change.
 */
@Component
public class FollowChanges {

	private final FeedStore feeds;

	private final AuthorPosts authorPosts;

	private final PostServiceClient posts;

	private final PostCache postCache;

	private final Tombstones tombstones;

	private final FollowingCache following;

	private final RankedLists rankedLists;

	private final FeedProperties properties;

	FollowChanges(FeedStore feeds, AuthorPosts authorPosts, PostServiceClient posts, PostCache postCache,
			Tombstones tombstones, FollowingCache following, RankedLists rankedLists, FeedProperties properties) {
		this.feeds = feeds;
		this.authorPosts = authorPosts;
		this.posts = posts;
		this.postCache = postCache;
		this.tombstones = tombstones;
		this.following = following;
		this.rankedLists = rankedLists;
		this.properties = properties;
	}

	/** Backfills the followee's recent posts into the follower's feed. */
	public void followed(long followerId, long followeeId) {
		List<Long> recent = new ArrayList<>(knownPosts(followeeId, this.properties.timeline().backfillPosts()));
		recent.removeAll(this.tombstones.deletedAmong(recent));
		this.feeds.addToFeed(followerId, recent);
		this.following.evict(followerId);
		this.rankedLists.drop(followerId);
	}

	/** Removes the followee's posts from the follower's feed. */
	public void unfollowed(long followerId, long followeeId) {
		this.feeds.removeFromFeed(followerId, knownPosts(followeeId, this.properties.fanout().authorPostsSize()));
		this.following.evict(followerId);
		this.rankedLists.drop(followerId);
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

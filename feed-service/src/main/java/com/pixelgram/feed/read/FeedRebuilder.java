package com.pixelgram.feed.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.cache.Tombstones;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.graph.FollowingCache;
import com.pixelgram.feed.store.AuthorPosts;
import com.pixelgram.feed.store.FeedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Rebuilds a feed that is missing or stale (a new user, an evicted key, a user back after
 * {@code active-for}) from the follow graph and the authors' recent posts: those known in
 * {@code posts:{id}} first, then post-service for a bounded number of the others.
 */
@Component
class FeedRebuilder {

	private static final Logger log = LoggerFactory.getLogger(FeedRebuilder.class);

	private final FollowingCache following;

	private final AuthorPosts authorPosts;

	private final PostServiceClient posts;

	private final PostCache postCache;

	private final Tombstones tombstones;

	private final FeedStore feeds;

	private final ParallelCalls calls;

	private final FeedProperties.Timeline settings;

	FeedRebuilder(FollowingCache following, AuthorPosts authorPosts, PostServiceClient posts, PostCache postCache,
			Tombstones tombstones, FeedStore feeds, ParallelCalls calls, FeedProperties properties) {
		this.following = following;
		this.authorPosts = authorPosts;
		this.posts = posts;
		this.postCache = postCache;
		this.tombstones = tombstones;
		this.feeds = feeds;
		this.calls = calls;
		this.settings = properties.timeline();
	}

	/**
	 * Merges the recent posts of the viewer and their followees into the viewer's feed.
	 * @return whether every source answered; when not, the feed holds what was found and
	 * the next read should try again
	 */
	boolean rebuild(long viewerId) {
		List<Long> authors;
		try {
			authors = new ArrayList<>(this.following.following(viewerId));
		}
		catch (ServiceCallException ex) {
			log.warn("Cannot rebuild the feed of {} now: {}", viewerId, ex.getMessage());
			return false;
		}
		authors.add(viewerId);
		int perAuthor = this.settings.rebuildPostsPerFollowee();
		Map<Long, List<Long>> known = this.authorPosts.recentOf(authors, perAuthor);
		Set<Long> postIds = new HashSet<>();
		known.values().forEach(postIds::addAll);

		ParallelCalls.Outcome<Long, List<PostView>> fetched = this.calls.each(unknown(authors, known, viewerId),
				(authorId) -> this.posts.recentPosts(authorId, perAuthor));
		fetched.results().forEach((authorId, recent) -> {
			List<Long> ids = recent.stream().map(PostView::postId).toList();
			this.authorPosts.addAll(authorId, ids);
			this.postCache.putAll(recent);
			postIds.addAll(ids);
		});
		postIds.removeAll(this.tombstones.deletedAmong(postIds));
		// Only the newest feed-size can survive the trim: do not send the rest.
		List<Long> newest = postIds.stream().sorted(Comparator.reverseOrder()).limit(this.settings.feedSize()).toList();
		if (newest.isEmpty()) {
			this.feeds.markBuilt(viewerId);
		}
		else {
			this.feeds.addToFeed(viewerId, newest);
		}
		if (fetched.failures() > 0) {
			log.warn("Rebuilt the feed of {} without {} authors", viewerId, fetched.failures());
		}
		return fetched.failures() == 0;
	}

	/**
	 * Authors without known recent posts, at most {@code rebuild-followees}: the viewer,
	 * then the newest accounts (IDs are time-ordered; the follow time is not known here).
	 */
	private List<Long> unknown(List<Long> authors, Map<Long, List<Long>> known, long viewerId) {
		List<Long> unknown = new ArrayList<>();
		if (!known.containsKey(viewerId)) {
			unknown.add(viewerId);
		}
		authors.stream()
			.filter((id) -> id != viewerId && !known.containsKey(id))
			.sorted(Comparator.reverseOrder())
			.limit(Math.max(0, this.settings.rebuildFollowees() - unknown.size()))
			.forEach(unknown::add);
		return unknown;
	}

}

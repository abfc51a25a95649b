package com.pixelgram.feed.timeline;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.feed.graph.FollowerCounts;
import com.pixelgram.feed.graph.FollowingCache;
import com.pixelgram.feed.ranking.AffinityStore;
import com.pixelgram.feed.ranking.Ranker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Ranks a viewer's candidate window: the newest of their cached feed merged with the
 * recent posts of the celebrities they follow (pulled, never pushed), with each post's
 * counts, its author's follower count and the viewer's affinity to that author.
 */
@Component
class RankedListBuilder {

	private static final Log logger = LogFactory.getLog(RankedListBuilder.class);

	private final FeedStore feeds;

	private final AuthorPosts authorPosts;

	private final FollowingCache following;

	private final FollowerCounts counts;

	private final PostLookup posts;

	private final AuthorLookup authors;

	private final AffinityStore affinity;

	private final Ranker ranker;

	private final FeedProperties.Ranking settings;

	private final int maxFollowing;

	private final Clock clock;

	RankedListBuilder(FeedStore feeds, AuthorPosts authorPosts, FollowingCache following, FollowerCounts counts,
			PostLookup posts, AuthorLookup authors, AffinityStore affinity, Ranker ranker, FeedProperties properties) {
		this.feeds = feeds;
		this.authorPosts = authorPosts;
		this.following = following;
		this.counts = counts;
		this.posts = posts;
		this.authors = authors;
		this.affinity = affinity;
		this.ranker = ranker;
		this.settings = properties.ranking();
		this.maxFollowing = properties.timeline().maxFollowing();
		this.clock = Clock.systemUTC();
	}

	Built build(long viewerId) {
		boolean complete = true;
		Set<Long> candidates = new LinkedHashSet<>(this.feeds.newest(viewerId, this.settings.window()));
		List<Long> followees = null;
		try {
			followees = this.following.following(viewerId);
			Set<Long> celebrities = this.counts.celebritiesAmong(followees);
			this.authorPosts.recentOf(celebrities, this.settings.celebrityPosts()).values().forEach(candidates::addAll);
		}
		catch (ServiceCallException ex) {
			logger.warn("Ranking the feed of " + viewerId + " without celebrity posts: " + ex.getMessage());
			complete = false;
		}
		// IDs are time-ordered: the window is the newest candidates.
		List<Long> window = candidates.stream()
			.sorted(Comparator.reverseOrder())
			.limit(this.settings.window())
			.toList();
		Found<PostView> found = this.posts.find(window);
		complete &= found.complete();
		List<PostView> ranked = found.inOrder(window);
		if (followees != null && followees.size() < this.maxFollowing) {
			// A stale entry (an unfollow, events out of order) never outlives the graph.
			Set<Long> followed = new HashSet<>(followees);
			followed.add(viewerId);
			ranked = ranked.stream().filter((post) -> followed.contains(post.userId())).toList();
		}
		Found<UserProfile> profiles = this.authors.find(authorsOf(ranked));
		complete &= profiles.complete();
		Map<Long, Long> followers = new HashMap<>();
		profiles.byId().forEach((id, profile) -> followers.put(id, profile.followersCount()));
		List<Long> ids = this.ranker.rank(ranked, followers, this.affinity.normalised(viewerId), this.clock.instant());
		return new Built(ids, complete);
	}

	private static Set<Long> authorsOf(Collection<PostView> posts) {
		Set<Long> authors = new LinkedHashSet<>();
		posts.forEach((post) -> authors.add(post.userId()));
		return authors;
	}

	/**
	 * A ranked list.
	 *
	 * @param ids post IDs, best first
	 * @param complete whether every source answered; an incomplete list is served but not
	 * cached
	 */
	record Built(List<Long> ids, boolean complete) {

	}

}

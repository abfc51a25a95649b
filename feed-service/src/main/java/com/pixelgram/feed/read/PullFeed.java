package com.pixelgram.feed.read;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.IdPage;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.feed.clients.UserServiceClient;
import com.pixelgram.feed.graph.FollowingCache;
import com.pixelgram.feed.graph.HiddenAuthors;
import com.pixelgram.feed.ranking.Ranker;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The feed without Redis: the followees from user-service less the accounts the viewer
 * muted and those a moderator suspended, their recent posts from post-service, ranked in
 * memory (no affinity, no cached list, so paging is only as stable as the data). Slower,
 * but the feed does not fail with its cache.
 */
@Component
class PullFeed {

	/** The snapshot that cursors of a pulled feed name: none is kept. */
	static final String PULLED = "pull";

	private static final Logger log = LoggerFactory.getLogger(PullFeed.class);

	private final FollowingCache following;

	private final HiddenAuthors hidden;

	private final UserServiceClient users;

	private final PostServiceClient posts;

	private final ParallelCalls calls;

	private final Ranker ranker;

	private final FeedProperties properties;

	private final Clock clock = Clock.systemUTC();

	PullFeed(FollowingCache following, HiddenAuthors hidden, UserServiceClient users, PostServiceClient posts,
			ParallelCalls calls, Ranker ranker, FeedProperties properties) {
		this.following = following;
		this.hidden = hidden;
		this.users = users;
		this.posts = posts;
		this.calls = calls;
		this.ranker = ranker;
		this.properties = properties;
	}

	/**
	 * A page of the feed pulled afresh. There is no snapshot to keep: a later page
	 * offsets into a new pull (its cursor names the pseudo-snapshot {@code pull}), or
	 * goes on by keyset.
	 */
	FeedPage read(long viewerId, FeedRequest request) {
		List<Long> authors = new ArrayList<>();
		authors.add(viewerId);
		try {
			Set<Long> muted = muted(viewerId);
			this.following.fromService(viewerId)
				.stream()
				.filter((id) -> id != viewerId && !muted.contains(id) && !this.hidden.isSuspended(id))
				.sorted(Comparator.reverseOrder())
				.limit(Math.max(0, this.properties.timeline().rebuildFollowees() - 1L))
				.forEach(authors::add);
		}
		catch (ServiceCallException ex) {
			throw unavailable(ex);
		}
		ParallelCalls.Outcome<Long, List<PostView>> recent = this.calls.each(authors,
				(authorId) -> this.posts.recentPosts(authorId, this.properties.timeline().rebuildPostsPerFollowee()));
		if (recent.results().isEmpty() && recent.failures() > 0) {
			throw unavailable(null);
		}
		FeedCursor cursor = request.cursor();
		long before = (cursor != null && cursor.isKeyset()) ? cursor.before() : Long.MAX_VALUE;
		Map<Long, PostView> byId = new LinkedHashMap<>();
		recent.results().values().forEach((list) -> list.forEach((post) -> {
			if (post.postId() < before) {
				byId.putIfAbsent(post.postId(), post);
			}
		}));
		List<PostView> window = byId.values()
			.stream()
			.sorted(Comparator.comparingLong(PostView::postId).reversed())
			.limit(this.properties.ranking().window())
			.toList();
		Map<Long, UserProfile> profiles = profiles(window);
		List<Long> ordered;
		if (request.order() == FeedOrder.RANKED && (cursor == null || !cursor.isKeyset())) {
			Map<Long, Long> followers = new HashMap<>();
			profiles.forEach((id, profile) -> followers.put(id, profile.followersCount()));
			ordered = this.ranker.rank(window, followers, Map.of(), this.clock.instant());
		}
		else {
			ordered = window.stream().map(PostView::postId).toList();
		}
		int offset = (cursor != null) ? cursor.offset() : request.offset();
		int limit = request.limit();
		if (offset >= ordered.size()) {
			return FeedPage.empty();
		}
		int end = (int) Math.min(ordered.size(), (long) offset + limit);
		List<PostView> pagePosts = ordered.subList(offset, end).stream().map(byId::get).toList();
		FeedCursor next = null;
		if (end < ordered.size()) {
			next = (cursor != null && cursor.isKeyset())
					? FeedCursor.olderThan(request.order(), pagePosts.get(pagePosts.size() - 1).postId())
					: FeedCursor.inSnapshot(request.order(), PULLED, end);
		}
		Set<Long> liked = likedAmong(viewerId, pagePosts);
		List<FeedItem> items = pagePosts.stream()
			.map((post) -> FeedItem.of(post, profiles.get(post.userId()), liked.contains(post.postId())))
			.toList();
		return new FeedPage(items, next);
	}

	/**
	 * The accounts the viewer muted, whose posts a feed read from Redis leaves out by
	 * {@code hidden:{viewer}}: here user-service says (its list is bounded by its limit
	 * per account). Blocked accounts are not followed, so they need no filter.
	 */
	private Set<Long> muted(long viewerId) {
		Set<Long> muted = new HashSet<>();
		Long after = null;
		do {
			IdPage page = this.users.muted(viewerId, after, this.properties.timeline().followingPageSize());
			muted.addAll(page.ids());
			after = page.nextAfter();
		}
		while (after != null);
		return muted;
	}

	private Set<Long> likedAmong(long viewerId, List<PostView> posts) {
		try {
			return this.posts.likedAmong(viewerId, posts.stream().map(PostView::postId).toList());
		}
		catch (ServiceCallException ex) {
			log.warn("Showing the page without the viewer's likes: {}", ex.getMessage());
			return Set.of();
		}
	}

	private Map<Long, UserProfile> profiles(List<PostView> posts) {
		Set<Long> ids = new LinkedHashSet<>();
		posts.forEach((post) -> ids.add(post.userId()));
		List<Long> all = new ArrayList<>(ids);
		Map<Long, UserProfile> profiles = new HashMap<>();
		int batch = this.properties.clients().maxBatch();
		try {
			for (int from = 0; from < all.size(); from += batch) {
				this.users.users(all.subList(from, Math.min(all.size(), from + batch)))
					.forEach((profile) -> profiles.put(profile.userId(), profile));
			}
		}
		catch (ServiceCallException ex) {
			log.warn("Pulled feed without some authors: {}", ex.getMessage());
		}
		return profiles;
	}

	private static ApiException unavailable(ServiceCallException cause) {
		if (cause != null) {
			log.warn("Cannot pull a feed: {}", cause.getMessage());
		}
		return new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The feed is unavailable right now.")
			.header("Retry-After", "5");
	}

}

package com.pixelgram.feed.timeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.pixelgram.feed.cache.Tombstones;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.clients.UserProfile;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Turns a page of ranked IDs into feed items: deleted posts dropped, posts from the cache
 * and one batch call for the misses, authors likewise, {@code liked_by_me} from one call.
 * A post-service outage leaves out what is not cached and reports nothing liked.
 */
@Component
class FeedHydrator {

	private static final Log logger = LogFactory.getLog(FeedHydrator.class);

	private final Tombstones tombstones;

	private final PostLookup posts;

	private final AuthorLookup authors;

	private final PostServiceClient postService;

	FeedHydrator(Tombstones tombstones, PostLookup posts, AuthorLookup authors, PostServiceClient postService) {
		this.tombstones = tombstones;
		this.posts = posts;
		this.authors = authors;
		this.postService = postService;
	}

	List<FeedItem> hydrate(long viewerId, List<Long> pageIds) {
		List<Long> ids = new ArrayList<>(pageIds);
		ids.removeAll(this.tombstones.deletedAmong(pageIds));
		List<PostView> found = this.posts.find(ids).inOrder(ids);
		Set<Long> authorIds = new LinkedHashSet<>();
		found.forEach((post) -> authorIds.add(post.userId()));
		Found<UserProfile> profiles = this.authors.find(authorIds);
		return FeedItem.of(found, profiles.byId(), likedAmong(this.postService, viewerId, found));
	}

	static Set<Long> likedAmong(PostServiceClient postService, long viewerId, List<PostView> posts) {
		try {
			return postService.likedAmong(viewerId, posts.stream().map(PostView::postId).toList());
		}
		catch (ServiceCallException ex) {
			logger.warn("Showing the page without the viewer's likes: " + ex.getMessage());
			return Set.of();
		}
	}

}

package com.pixelgram.feed.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.cache.AuthorCache;
import com.pixelgram.feed.cache.LikedPosts;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.clients.UserProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns a page of post IDs into feed items in one Redis round trip: each post (or the
 * mark that it was deleted), its author, and whether the viewer likes it. Only what Redis
 * lacks is asked of the services, one batch call per kind: posts, authors, likes. A
 * service that fails leaves out the posts it should have given, and reports them not
 * liked.
 */
@Component
class PageHydrator {

	private static final Logger log = LoggerFactory.getLogger(PageHydrator.class);

	private final StringRedisTemplate redis;

	private final PostCache postCache;

	private final AuthorCache authorCache;

	private final LikedPosts likes;

	private final PostLookup posts;

	private final AuthorLookup authors;

	private final PostServiceClient postService;

	PageHydrator(StringRedisTemplate redis, PostCache postCache, AuthorCache authorCache, LikedPosts likes,
			PostLookup posts, AuthorLookup authors, PostServiceClient postService) {
		this.redis = redis;
		this.postCache = postCache;
		this.authorCache = authorCache;
		this.likes = likes;
		this.posts = posts;
		this.authors = authors;
		this.postService = postService;
	}

	/**
	 * @param authorOf the author of each post, where known (their profiles are read in
	 * the same round trip)
	 * @param alsoQueue more commands for the same round trip (a snapshot to keep), or
	 * {@code null}
	 */
	List<FeedItem> hydrate(long viewerId, List<Long> postIds, Map<Long, Long> authorOf,
			Consumer<StringRedisConnection> alsoQueue) {
		if (postIds.isEmpty()) {
			if (alsoQueue != null) {
				Pipelines.run(this.redis, alsoQueue);
			}
			return List.of();
		}
		Set<Long> authorIds = new LinkedHashSet<>();
		postIds.forEach((id) -> {
			Long author = authorOf.get(id);
			if (author != null) {
				authorIds.add(author);
			}
		});
		Map<Long, UserProfile> profiles = new HashMap<>(this.authorCache.recent(authorIds));
		List<Long> authorList = new ArrayList<>(authorIds.size() - profiles.size());
		authorIds.forEach((id) -> {
			if (!profiles.containsKey(id)) {
				authorList.add(id);
			}
		});
		List<Object> replies = Pipelines.run(this.redis, (connection) -> {
			postIds.forEach((id) -> this.postCache.get(connection, id));
			authorList.forEach((id) -> this.authorCache.get(connection, id));
			this.likes.get(connection, viewerId, postIds);
			if (alsoQueue != null) {
				alsoQueue.accept(connection);
			}
		});
		Map<Long, PostView> found = new HashMap<>();
		List<Long> misses = new ArrayList<>();
		for (int i = 0; i < postIds.size(); i++) {
			// A deleted post is neither found nor fetched: it is left out.
			PostView post = PostCache.fromReply(postIds.get(i), replies.get(i));
			if (post != null) {
				found.put(postIds.get(i), post);
			}
			else if (!PostCache.isDeleted(replies.get(i))) {
				misses.add(postIds.get(i));
			}
		}
		int at = postIds.size();
		for (Long authorId : authorList) {
			UserProfile profile = AuthorCache.fromReply(authorId, replies.get(at++));
			if (profile != null) {
				profiles.put(authorId, profile);
				this.authorCache.remember(profile);
			}
		}
		Map<Long, Boolean> liked = LikedPosts.known(postIds, replies.get(at));
		if (!misses.isEmpty()) {
			this.posts.fetch(misses, found);
		}
		List<PostView> shown = new ArrayList<>(postIds.size());
		postIds.forEach((id) -> {
			PostView post = found.get(id);
			if (post != null) {
				shown.add(post);
			}
		});
		Set<Long> unknownAuthors = new LinkedHashSet<>();
		shown.forEach((post) -> {
			if (!profiles.containsKey(post.userId())) {
				unknownAuthors.add(post.userId());
			}
		});
		if (!unknownAuthors.isEmpty()) {
			profiles.putAll(this.authors.find(unknownAuthors).byId());
		}
		fillLikes(viewerId, shown, liked);
		List<FeedItem> items = new ArrayList<>(shown.size());
		shown.forEach((post) -> items
			.add(FeedItem.of(post, profiles.get(post.userId()), Boolean.TRUE.equals(liked.get(post.postId())))));
		return items;
	}

	/** Asks post-service about the posts whose like the viewer's hash does not know. */
	private void fillLikes(long viewerId, List<PostView> shown, Map<Long, Boolean> liked) {
		List<Long> unknown = new ArrayList<>();
		shown.forEach((post) -> {
			if (!liked.containsKey(post.postId())) {
				unknown.add(post.postId());
			}
		});
		if (unknown.isEmpty()) {
			return;
		}
		try {
			Set<Long> answer = this.postService.likedAmong(viewerId, unknown);
			this.likes.remember(viewerId, unknown, answer);
			unknown.forEach((id) -> liked.put(id, answer.contains(id)));
		}
		catch (ServiceCallException ex) {
			log.warn("Showing the page without the viewer's likes: {}", ex.getMessage());
		}
	}

}

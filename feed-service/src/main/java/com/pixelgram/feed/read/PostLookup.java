package com.pixelgram.feed.read;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.clients.PostServiceClient;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.clients.ServiceCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Posts by ID: the post cache first, then one batch call to post-service per
 * {@code max-batch} misses, whose answers are cached. When post-service fails, the cached
 * ones still come back.
 */
@Component
class PostLookup {

	private static final Logger log = LoggerFactory.getLogger(PostLookup.class);

	private final PostCache cache;

	private final PostServiceClient posts;

	private final int maxBatch;

	PostLookup(PostCache cache, PostServiceClient posts, FeedProperties properties) {
		this.cache = cache;
		this.posts = posts;
		this.maxBatch = properties.clients().maxBatch();
	}

	Found<PostView> find(Collection<Long> postIds) {
		Map<Long, PostView> found = new LinkedHashMap<>(this.cache.getAll(postIds));
		List<Long> misses = postIds.stream().filter((id) -> !found.containsKey(id)).distinct().toList();
		return fetch(misses, found);
	}

	/**
	 * Posts known to be missing from the cache: from post-service, cached on the way.
	 * @param found where they go, by ID
	 */
	Found<PostView> fetch(List<Long> misses, Map<Long, PostView> found) {
		boolean complete = true;
		for (int from = 0; from < misses.size(); from += this.maxBatch) {
			List<Long> batch = misses.subList(from, Math.min(misses.size(), from + this.maxBatch));
			try {
				List<PostView> fetched = this.posts.posts(batch);
				this.cache.putAll(fetched);
				fetched.forEach((post) -> found.put(post.postId(), post));
			}
			catch (ServiceCallException ex) {
				log.warn("Serving cached posts only: {}", ex.getMessage());
				complete = false;
				break;
			}
		}
		return new Found<>(found, complete);
	}

}

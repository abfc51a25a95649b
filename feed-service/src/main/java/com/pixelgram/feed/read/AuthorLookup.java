package com.pixelgram.feed.read;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.cache.AuthorCache;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.clients.UserProfile;
import com.pixelgram.feed.clients.UserServiceClient;
import com.pixelgram.feed.graph.FollowerCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Authors by ID: the author cache first, then one batch call to user-service per
 * {@code max-batch} misses; what comes back is cached and refreshes the follower counts.
 */
@Component
class AuthorLookup {

	private static final Logger log = LoggerFactory.getLogger(AuthorLookup.class);

	private final AuthorCache cache;

	private final UserServiceClient users;

	private final FollowerCounts counts;

	private final int maxBatch;

	AuthorLookup(AuthorCache cache, UserServiceClient users, FollowerCounts counts, FeedProperties properties) {
		this.cache = cache;
		this.users = users;
		this.counts = counts;
		this.maxBatch = properties.clients().maxBatch();
	}

	Found<UserProfile> find(Collection<Long> userIds) {
		Map<Long, UserProfile> found = new LinkedHashMap<>(this.cache.getAll(userIds));
		List<Long> misses = userIds.stream().filter((id) -> !found.containsKey(id)).distinct().toList();
		boolean complete = true;
		for (int from = 0; from < misses.size(); from += this.maxBatch) {
			List<Long> batch = misses.subList(from, Math.min(misses.size(), from + this.maxBatch));
			try {
				List<UserProfile> fetched = this.users.users(batch);
				this.cache.putAll(fetched);
				this.counts.recordAll(fetched);
				fetched.forEach((user) -> found.put(user.userId(), user));
			}
			catch (ServiceCallException ex) {
				log.warn("Serving cached authors only: {}", ex.getMessage());
				complete = false;
				break;
			}
		}
		return new Found<>(found, complete);
	}

}

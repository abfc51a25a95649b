package com.pixelgram.feed.clients;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** post-service's internal API: batch posts, recent posts of an author, likes. */
public class PostServiceClient {

	private static final String SERVICE = "post-service";

	private final RestClient http;

	PostServiceClient(RestClient http) {
		this.http = http;
	}

	/** At most 100 READY posts; missing and deleted IDs are left out. */
	public List<PostView> posts(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		try {
			return posts(this.http.get()
				.uri((uri) -> uri.path("/internal/posts").queryParam("ids", UserServiceClient.join(ids)).build())
				.retrieve()
				.body(Posts.class));
		}
		catch (RestClientException ex) {
			throw new ServiceCallException(SERVICE, "posts", ex);
		}
	}

	/** An author's newest READY posts, newest first. */
	public List<PostView> recentPosts(long userId, int limit) {
		try {
			return posts(this.http.get()
				.uri((uri) -> uri.path("/internal/users/{id}/recent-posts").queryParam("limit", limit).build(userId))
				.retrieve()
				.body(Posts.class));
		}
		catch (RestClientException ex) {
			throw new ServiceCallException(SERVICE, "recent-posts", ex);
		}
	}

	/** The subset of the posts the viewer liked. */
	public Set<Long> likedAmong(long viewerId, Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return Set.of();
		}
		try {
			Liked liked = this.http.get()
				.uri((uri) -> uri.path("/internal/likes")
					.queryParam("user_id", viewerId)
					.queryParam("post_ids", UserServiceClient.join(postIds))
					.build())
				.retrieve()
				.body(Liked.class);
			Set<Long> ids = new HashSet<>();
			if (liked != null && liked.postIds() != null) {
				liked.postIds().forEach((id) -> ids.add(Long.valueOf(id)));
			}
			return ids;
		}
		catch (RestClientException ex) {
			throw new ServiceCallException(SERVICE, "likes", ex);
		}
	}

	private static List<PostView> posts(Posts posts) {
		return (posts != null && posts.posts() != null) ? posts.posts() : List.of();
	}

	record Posts(List<PostView> posts) {

	}

	record Liked(List<String> postIds) {

	}

}

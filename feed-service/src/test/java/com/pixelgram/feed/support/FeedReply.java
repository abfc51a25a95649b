package com.pixelgram.feed.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * What the service answered.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body as text
 */
public record FeedReply(int status, HttpHeaders headers, String body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public JsonNode json() {
		return JSON.readTree(this.body);
	}

	/** The post IDs of a feed page, in order. */
	public List<Long> postIds() {
		List<Long> ids = new ArrayList<>();
		json().path("posts").forEach((post) -> ids.add(Long.valueOf(post.path("post_id").asString())));
		return ids;
	}

	/** The first post item with this ID. */
	public JsonNode post(long postId) {
		for (JsonNode post : json().path("posts")) {
			if (post.path("post_id").asString().equals(Long.toString(postId))) {
				return post;
			}
		}
		throw new AssertionError("post " + postId + " is not on the page: " + this.body);
	}

	public String link() {
		return this.headers.getFirst(HttpHeaders.LINK);
	}

}

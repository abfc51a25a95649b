package com.pixelgram.notification.clients;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/**
 * post-service's internal API: batch posts ({@code GET /internal/posts?ids=}), through
 * the service's circuit breaker ({@code post-service}).
 */
public class PostServiceClient {

	private final RestClient http;

	private final CircuitBreaker breaker;

	private final int maxIdsPerCall;

	PostServiceClient(RestClient http, CircuitBreaker breaker, int maxIdsPerCall) {
		this.http = http;
		this.breaker = breaker;
		this.maxIdsPerCall = maxIdsPerCall;
	}

	/**
	 * Thumbnail URLs of the posts, for display: posts post-service could not give (it is
	 * down, the post is gone) are missing from the map.
	 */
	public Map<Long, String> thumbnailsIfAvailable(Collection<Long> postIds) {
		Map<Long, String> found = new HashMap<>();
		List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(postIds));
		for (int from = 0; from < distinct.size(); from += this.maxIdsPerCall) {
			List<Long> chunk = distinct.subList(from, Math.min(from + this.maxIdsPerCall, distinct.size()));
			try {
				JsonNode body = ServiceCallException.call(this.breaker, "post-service", "posts", () -> this.http.get()
					.uri((uri) -> uri.path("/internal/posts").queryParam("ids", UserServiceClient.join(chunk)).build())
					.retrieve()
					.body(JsonNode.class));
				for (JsonNode post : Json.list(body, "posts")) {
					Long id = Json.id(post, "post_id", "id");
					String thumbnail = Json.text(post, "thumbnail_url");
					if (id != null && thumbnail != null) {
						found.put(id, thumbnail);
					}
				}
			}
			catch (ServiceCallException ex) {
				break;
			}
		}
		return found;
	}

}

package com.pixelgram.notification.clients;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/**
 * user-service's internal API: batch profiles ({@code GET /internal/users?ids=}), the
 * followers of a user ({@code GET /internal/users/{id}/followers}) and whether one user
 * follows another ({@code GET /internal/users/{id}/following}). Calls go through the
 * service's circuit breaker ({@code user-service}): while it is open, reads degrade and
 * event work fails without a call.
 */
public class UserServiceClient {

	private static final String SERVICE = "user-service";

	private final RestClient http;

	private final CircuitBreaker breaker;

	private final int maxIdsPerCall;

	UserServiceClient(RestClient http, CircuitBreaker breaker, int maxIdsPerCall) {
		this.http = http;
		this.breaker = breaker;
		this.maxIdsPerCall = maxIdsPerCall;
	}

	/**
	 * Profiles of the users, for display: whatever user-service could not give (it is
	 * down, the user is unknown) is simply missing from the map.
	 */
	public Map<Long, UserProfile> profilesIfAvailable(Collection<Long> ids) {
		Map<Long, UserProfile> found = new HashMap<>();
		List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
		for (int from = 0; from < distinct.size(); from += this.maxIdsPerCall) {
			List<Long> chunk = distinct.subList(from, Math.min(from + this.maxIdsPerCall, distinct.size()));
			try {
				call("users", () -> fetch(chunk)).forEach((profile) -> found.put(profile.userId(), profile));
			}
			catch (ServiceCallException ex) {
				break;
			}
		}
		return found;
	}

	/**
	 * One user's profile, empty when user-service does not know the user.
	 * @throws ServiceCallException when user-service does not answer
	 */
	public Optional<UserProfile> profile(long id) {
		return call("users", () -> fetch(List.of(id))).stream().filter((profile) -> profile.userId() == id).findFirst();
	}

	/**
	 * A page of the IDs following the user, after a cursor ({@code null}: the start).
	 * @throws ServiceCallException when user-service does not answer
	 */
	public IdPage followers(long userId, Long after, int limit) {
		JsonNode body = call("followers", () -> this.http.get().uri((uri) -> {
			uri.path("/internal/users/{id}/followers").queryParam("limit", limit);
			if (after != null) {
				uri.queryParam("after", after);
			}
			return uri.build(userId);
		}).retrieve().body(JsonNode.class));
		List<Long> ids = new ArrayList<>();
		for (JsonNode id : Json.list(body, "user_ids")) {
			ids.add(idOf(id));
		}
		Long next = (body != null) ? Json.id(body, "next_after") : null;
		return new IdPage(ids, next);
	}

	/**
	 * Whether the follower follows the followee.
	 * @throws ServiceCallException when user-service does not answer
	 */
	public boolean follows(long followerId, long followeeId) {
		// The follower's following list is in ID order: its first entry after
		// followee - 1 is the followee exactly when the edge exists. One index lookup in
		// the follower's shard, through the page endpoint user-service already has.
		JsonNode body = call("following",
				() -> this.http.get()
					.uri((uri) -> uri.path("/internal/users/{id}/following")
						.queryParam("after", followeeId - 1)
						.queryParam("limit", 1)
						.build(followerId))
					.retrieve()
					.body(JsonNode.class));
		for (JsonNode id : Json.list(body, "user_ids")) {
			return idOf(id) == followeeId;
		}
		return false;
	}

	/**
	 * Calls user-service through its breaker.
	 * @throws ServiceCallException when the call failed or the breaker is open
	 */
	private <T> T call(String what, Supplier<T> call) {
		return ServiceCallException.call(this.breaker, SERVICE, what, call);
	}

	private static long idOf(JsonNode id) {
		return id.isNumber() ? id.longValue() : Long.parseLong(id.asString());
	}

	private List<UserProfile> fetch(List<Long> ids) {
		JsonNode body = this.http.get()
			.uri((uri) -> uri.path("/internal/users").queryParam("ids", join(ids)).build())
			.retrieve()
			.body(JsonNode.class);
		List<UserProfile> profiles = new ArrayList<>();
		for (JsonNode user : Json.list(body, "users")) {
			Long id = Json.id(user, "user_id", "id");
			if (id != null) {
				profiles.add(new UserProfile(id, Json.text(user, "username"), Json.text(user, "full_name"),
						Json.text(user, "profile_image_url"), user.path("followers_count").asLong(0)));
			}
		}
		return profiles;
	}

	static String join(Collection<Long> ids) {
		return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

}

package com.pixelgram.feed.clients;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** user-service's internal API: the follow graph and batch profiles. */
public class UserServiceClient {

	private static final String SERVICE = "user-service";

	private final RestClient http;

	UserServiceClient(RestClient http) {
		this.http = http;
	}

	/** A page of the IDs following the user, after a cursor ({@code null}: the start). */
	public IdPage followers(long userId, Long after, int limit) {
		return idPage("/internal/users/{id}/followers", userId, after, limit);
	}

	/** A page of the IDs the user follows, after a cursor ({@code null}: the start). */
	public IdPage following(long userId, Long after, int limit) {
		return idPage("/internal/users/{id}/following", userId, after, limit);
	}

	/** A page of the IDs the user muted, after a cursor ({@code null}: the start). */
	public IdPage muted(long userId, Long after, int limit) {
		return idPage("/internal/users/{id}/muted", userId, after, limit);
	}

	/** Profiles of at most 100 users; unknown IDs are left out. */
	public List<UserProfile> users(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		try {
			Profiles profiles = this.http.get()
				.uri((uri) -> uri.path("/internal/users").queryParam("ids", join(ids)).build())
				.retrieve()
				.body(Profiles.class);
			return (profiles != null && profiles.users() != null) ? profiles.users() : List.of();
		}
		catch (RestClientException ex) {
			throw new ServiceCallException(SERVICE, "users", ex);
		}
	}

	private IdPage idPage(String path, long userId, Long after, int limit) {
		try {
			IdList list = this.http.get().uri((uri) -> {
				uri.path(path).queryParam("limit", limit);
				if (after != null) {
					uri.queryParam("after", after);
				}
				return uri.build(userId);
			}).retrieve().body(IdList.class);
			if (list == null || list.userIds() == null) {
				return new IdPage(List.of(), null);
			}
			Long next = (list.nextAfter() != null && !list.nextAfter().isBlank()) ? Long.valueOf(list.nextAfter())
					: null;
			return new IdPage(list.userIds().stream().map(Long::valueOf).toList(), next);
		}
		catch (RestClientException ex) {
			throw new ServiceCallException(SERVICE, path.substring(path.lastIndexOf('/') + 1), ex);
		}
	}

	static String join(Collection<Long> ids) {
		return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	record IdList(List<String> userIds, String nextAfter) {

	}

	record Profiles(List<UserProfile> users) {

	}

}

package com.pixelgram.post.posts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.pixelgram.events.Mention;
import com.pixelgram.post.PostProperties;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import com.pixelgram.cache.CacheBreaker;
import com.pixelgram.post.RedisKeys;
import com.pixelgram.security.InternalClients;
import com.pixelgram.security.InternalTokenInterceptor;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Usernames of users, for the posts, likes and comments this service shows: from Redis
 * ({@code {prefix}username:{id}}), else one batch call to user-service's
 * {@code /internal/users?ids=}. When user-service cannot answer, the usernames are left
 * out rather than the request failed, and its circuit breaker ({@code user-service})
 * leaves it alone for a while; Redis is reached through the {@code post-redis} breaker.
 * The client comes from Spring's auto-configured {@link RestClient.Builder}, observed, so
 * that each call is a span of the request's trace and carries its {@code traceparent}.
 */
@Component
public class AuthorDirectory {

	private static final Logger log = LoggerFactory.getLogger(AuthorDirectory.class);

	private static final int BATCH = 100;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final PostProperties properties;

	private final RestClient userService;

	private final CacheBreaker guard;

	private final CircuitBreaker userServiceBreaker;

	AuthorDirectory(StringRedisTemplate redis, RedisKeys keys, PostProperties properties,
			RestClient.Builder restClients, ObjectProvider<InternalTokenInterceptor> internalToken,
			CircuitBreakerRegistry breakers) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
		this.guard = new CacheBreaker(breakers.circuitBreaker(RedisKeys.BREAKER), "Username cache");
		this.userServiceBreaker = breakers.circuitBreaker("user-service");
		this.userService = InternalClients.create(restClients, properties.userServiceUri(),
				properties.userServiceTimeout(), properties.userServiceTimeout(), internalToken.getIfAvailable());
	}

	/** The username of one user, or {@code null}. */
	public String username(long userId) {
		return usernames(List.of(userId)).get(userId);
	}

	/** Drops the cached username of a deleted account. */
	public void forget(long userId) {
		this.guard.call("evict", () -> this.redis.delete(key(userId)));
	}

	/** The usernames known of the users; unknown ones are absent. */
	public Map<Long, String> usernames(Collection<Long> userIds) {
		List<Long> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
		Map<Long, String> found = new HashMap<>();
		if (ids.isEmpty()) {
			return found;
		}
		List<String> cached = this.guard.call("read",
				() -> this.redis.opsForValue().multiGet(ids.stream().map(this::key).toList()));
		List<Long> missing = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			String value = (cached != null) ? cached.get(i) : null;
			if (value != null) {
				found.put(ids.get(i), value);
			}
			else {
				missing.add(ids.get(i));
			}
		}
		if (!missing.isEmpty()) {
			Map<Long, String> fetched = fetch(missing);
			found.putAll(fetched);
			if (!fetched.isEmpty()) {
				this.guard.call("write", () -> {
					fetched.forEach((id, username) -> this.redis.opsForValue()
						.set(key(id), username, this.properties.usernameCacheTtl()));
					return null;
				});
			}
		}
		return found;
	}

	/**
	 * The mentions of a text: its {@code @username}s that name users, resolved in one
	 * call to user-service ({@code /internal/users?usernames=}); no call for a text
	 * without a candidate.
	 * @throws ApiException 503 when user-service cannot say who the names are, so that
	 * the writer retries rather than a mention being lost
	 */
	public List<Mention> mentions(String text) {
		List<String> names = Mentions.usernames(text);
		if (names.isEmpty()) {
			return List.of();
		}
		Map<String, Mentions.User> users = new HashMap<>();
		try {
			this.userServiceBreaker.executeRunnable(() -> fetchByUsername(names, users));
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof CallNotPermittedException)) {
				log.warn("user-service did not resolve mentions: {}", ex.toString());
			}
			throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
					"The mentioned usernames cannot be looked up right now; try again shortly.")
				.header("Retry-After", "5");
		}
		return Mentions.resolve(text, users);
	}

	private void fetchByUsername(List<String> names, Map<String, Mentions.User> users) {
		for (int from = 0; from < names.size(); from += BATCH) {
			String list = String.join(",", names.subList(from, Math.min(names.size(), from + BATCH)));
			JsonNode body = this.userService.get()
				.uri((uri) -> uri.path("/internal/users").queryParam("usernames", list).build())
				.retrieve()
				.body(JsonNode.class);
			Map<Long, String> found = new HashMap<>();
			read(body, found);
			found.forEach((id, username) -> users.put(Mentions.key(username), new Mentions.User(id, username)));
		}
	}

	private Map<Long, String> fetch(List<Long> ids) {
		Map<Long, String> usernames = new HashMap<>();
		try {
			this.userServiceBreaker.executeRunnable(() -> fetch(ids, usernames));
		}
		catch (CallNotPermittedException ex) {
			// user-service failed a moment ago: usernames are left out until its breaker
			// lets a call try again.
		}
		catch (RuntimeException ex) {
			log.warn("user-service did not give usernames, posts go out without them: {}", ex.toString());
		}
		return usernames;
	}

	private void fetch(List<Long> ids, Map<Long, String> usernames) {
		for (int from = 0; from < ids.size(); from += BATCH) {
			String list = ids.subList(from, Math.min(ids.size(), from + BATCH))
				.stream()
				.map(String::valueOf)
				.collect(Collectors.joining(","));
			JsonNode body = this.userService.get()
				.uri((uri) -> uri.path("/internal/users").queryParam("ids", list).build())
				.retrieve()
				.body(JsonNode.class);
			read(body, usernames);
		}
	}

	/**
	 * Reads either a JSON array of users or an object holding one in {@code users}; a
	 * user names its ID in {@code user_id} or {@code id}.
	 */
	static void read(JsonNode body, Map<Long, String> usernames) {
		if (body == null) {
			return;
		}
		JsonNode users = body.isArray() ? body : body.path("users");
		for (JsonNode user : users) {
			JsonNode id = user.hasNonNull("user_id") ? user.get("user_id") : user.path("id");
			String username = user.path("username").asString(null);
			if (username != null && !id.isMissingNode() && !id.isNull()) {
				try {
					usernames.put(Long.parseLong(id.asString()), username);
				}
				catch (NumberFormatException ex) {
					// not a user of ours
				}
			}
		}
	}

	private String key(long userId) {
		return this.keys.key("username:" + userId);
	}

}

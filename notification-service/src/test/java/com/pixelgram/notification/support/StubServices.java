package com.pixelgram.notification.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test doubles of user-service's and post-service's internal APIs on one JDK HTTP server:
 * the contract shapes, the internal token check, and a switch that takes them down.
 */
public final class StubServices {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern FOLLOWERS = Pattern.compile("/internal/users/(\\d+)/followers");

	private static final Pattern FOLLOWING = Pattern.compile("/internal/users/(\\d+)/following");

	private final HttpServer server;

	private final String internalToken;

	private final Map<Long, Map<String, Object>> users = new ConcurrentHashMap<>();

	private final Map<Long, Set<Long>> followers = new ConcurrentHashMap<>();

	private final Map<Long, String> thumbnails = new ConcurrentHashMap<>();

	private final AtomicBoolean down = new AtomicBoolean();

	private final AtomicInteger refusedTokens = new AtomicInteger();

	private final AtomicInteger answeredDown = new AtomicInteger();

	private final Map<Long, AtomicInteger> followerPageCalls = new ConcurrentHashMap<>();

	private final Map<Long, Long> followerPageDelayMillis = new ConcurrentHashMap<>();

	private StubServices(HttpServer server, String internalToken) {
		this.server = server;
		this.internalToken = internalToken;
	}

	public static StubServices start(String internalToken) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			StubServices stubs = new StubServices(server, internalToken);
			server.createContext("/internal/", stubs::handle);
			server.setExecutor(Executors.newFixedThreadPool(4));
			server.start();
			return stubs;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** A user with this username, avatar and follower count. */
	public void user(long id, String username, long followersCount) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("user_id", Long.toString(id));
		user.put("username", username);
		user.put("full_name", username.toUpperCase());
		user.put("profile_image_url", "https://cdn.test/avatars/" + username + ".jpg");
		user.put("followers_count", followersCount);
		this.users.put(id, user);
	}

	/** The follower now follows the followee. */
	public void follow(long followerId, long followeeId) {
		this.followers.computeIfAbsent(followeeId, (key) -> new ConcurrentSkipListSet<>()).add(followerId);
	}

	/** The follower no longer follows the followee. */
	public void unfollow(long followerId, long followeeId) {
		this.followers.getOrDefault(followeeId, Set.of()).remove(followerId);
	}

	public void post(long postId, String thumbnailUrl) {
		this.thumbnails.put(postId, thumbnailUrl);
	}

	/** Makes both services answer 503 (or answer again). */
	public void down(boolean down) {
		this.down.set(down);
	}

	/** Makes every page of the user's followers take this long to answer. */
	public void slowFollowerPages(long userId, java.time.Duration delay) {
		this.followerPageDelayMillis.put(userId, delay.toMillis());
	}

	/** How often the user's followers were asked for. */
	public int followerPageCalls(long userId) {
		AtomicInteger calls = this.followerPageCalls.get(userId);
		return (calls != null) ? calls.get() : 0;
	}

	/** Calls answered with 503 so far. */
	public int answeredDown() {
		return this.answeredDown.get();
	}

	/** Calls that came without the right internal token. */
	public int refusedTokens() {
		return this.refusedTokens.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (this.down.get()) {
				this.answeredDown.incrementAndGet();
				reply(exchange, 503, Map.of("title", "down"));
				return;
			}
			if (!this.internalToken.equals(exchange.getRequestHeaders().getFirst("X-Internal-Token"))) {
				this.refusedTokens.incrementAndGet();
				reply(exchange, 403, Map.of("title", "forbidden"));
				return;
			}
			String path = exchange.getRequestURI().getPath();
			Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
			Matcher followersPath = FOLLOWERS.matcher(path);
			Matcher followingPath = FOLLOWING.matcher(path);
			if (path.equals("/internal/users")) {
				List<Object> found = new ArrayList<>();
				ids(query.get("ids")).stream().map(this.users::get).filter((user) -> user != null).forEach(found::add);
				reply(exchange, 200, Map.of("users", found));
			}
			else if (followersPath.matches()) {
				long userId = Long.parseLong(followersPath.group(1));
				this.followerPageCalls.computeIfAbsent(userId, (key) -> new AtomicInteger()).incrementAndGet();
				slowDown(this.followerPageDelayMillis.getOrDefault(userId, 0L));
				long after = query.containsKey("after") ? Long.parseLong(query.get("after")) : Long.MIN_VALUE;
				int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
				List<Long> remaining = this.followers.getOrDefault(userId, Set.of())
					.stream()
					.filter((id) -> id > after)
					.sorted()
					.toList();
				List<Long> page = remaining.subList(0, Math.min(limit, remaining.size()));
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("user_ids", page.stream().map(String::valueOf).toList());
				if (remaining.size() > page.size()) {
					body.put("next_after", page.get(page.size() - 1).toString());
				}
				reply(exchange, 200, body);
			}
			else if (followingPath.matches()) {
				long userId = Long.parseLong(followingPath.group(1));
				long after = query.containsKey("after") ? Long.parseLong(query.get("after")) : Long.MIN_VALUE;
				int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
				List<String> page = this.followers.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().contains(userId))
					.map(Map.Entry::getKey)
					.filter((id) -> id > after)
					.sorted()
					.limit(limit)
					.map(String::valueOf)
					.toList();
				reply(exchange, 200, Map.of("user_ids", page));
			}
			else if (path.equals("/internal/posts")) {
				List<Object> found = new ArrayList<>();
				for (long id : ids(query.get("ids"))) {
					String thumbnail = this.thumbnails.get(id);
					if (thumbnail != null) {
						found.add(Map.of("post_id", Long.toString(id), "user_id", "1", "thumbnail_url", thumbnail));
					}
				}
				reply(exchange, 200, Map.of("posts", found));
			}
			else {
				reply(exchange, 404, Map.of("title", "not found"));
			}
		}
	}

	private static void slowDown(long millis) {
		if (millis > 0) {
			try {
				// A slow service is what this double is for: the delay is the behaviour
				// under test.
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static List<Long> ids(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::trim).map(Long::parseLong).toList();
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					query.put(pair.substring(0, equals),
							URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
				}
			}
		}
		return query;
	}

	private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

}

package com.pixelgram.notification.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Test doubles of user-service's and post-service's internal APIs on one WireMock server:
 * the contract shapes, the internal token check (403 without it), and a switch that takes
 * them down. What the services were sent is read from WireMock's request journal, by the
 * stub that answered it.
 */
public final class StubServices {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern FOLLOWERS = Pattern.compile("/internal/users/(\\d+)/followers");

	private static final Pattern FOLLOWING = Pattern.compile("/internal/users/(\\d+)/following");

	private static final String INTERNAL = "/internal/.*";

	private final WireMockServer server;

	private final StubMapping answered;

	private final StubMapping refused;

	private final Set<UUID> downStubs = ConcurrentHashMap.newKeySet();

	private volatile StubMapping down;

	private final Map<Long, Map<String, Object>> users = new ConcurrentHashMap<>();

	private final Map<Long, Set<Long>> followers = new ConcurrentHashMap<>();

	private final Map<Long, String> thumbnails = new ConcurrentHashMap<>();

	private final Map<Long, Long> followerPageDelayMillis = new ConcurrentHashMap<>();

	private StubServices(String internalToken) {
		this.server = new WireMockServer(
				WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().extensions(new Answers()));
		this.server.start();
		this.answered = this.server.stubFor(any(urlPathMatching(INTERNAL)).atPriority(5)
			.withHeader("X-Internal-Token", equalTo(internalToken))
			.willReturn(aResponse().withTransformers(Answers.NAME)));
		this.refused = this.server
			.stubFor(any(urlPathMatching(INTERNAL)).atPriority(10).willReturn(json(403, Map.of("title", "forbidden"))));
	}

	public static StubServices start(String internalToken) {
		return new StubServices(internalToken);
	}

	public String uri() {
		return this.server.baseUrl();
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
	public synchronized void down(boolean down) {
		if (down && this.down == null) {
			this.down = this.server.stubFor(any(anyUrl()).atPriority(1).willReturn(json(503, Map.of("title", "down"))));
			this.downStubs.add(this.down.getId());
		}
		else if (!down && this.down != null) {
			this.server.removeStub(this.down);
			this.down = null;
		}
	}

	/** Makes every page of the user's followers take this long to answer. */
	public void slowFollowerPages(long userId, java.time.Duration delay) {
		this.followerPageDelayMillis.put(userId, delay.toMillis());
	}

	/** How often the user's followers were asked for (and answered). */
	public int followerPageCalls(long userId) {
		String path = "/internal/users/" + userId + "/followers";
		return (int) served((stub) -> stub.equals(this.answered.getId()))
			.filter((event) -> event.getRequest().getUrl().split("\\?", 2)[0].equals(path))
			.count();
	}

	/** Calls answered with 503 so far. */
	public int answeredDown() {
		return (int) served(this.downStubs::contains).count();
	}

	/** Calls that came without the right internal token. */
	public int refusedTokens() {
		return (int) served((stub) -> stub.equals(this.refused.getId())).count();
	}

	/** The calls answered by the stubs the test picks. */
	private Stream<ServeEvent> served(Predicate<UUID> stubs) {
		return this.server.getAllServeEvents()
			.stream()
			.filter((event) -> event.getStubMapping() != null && stubs.test(event.getStubMapping().getId()));
	}

	/** The answer to a call with the right token. */
	private ResponseDefinitionBuilder answer(String path, Map<String, String> query) {
		Matcher followersPath = FOLLOWERS.matcher(path);
		Matcher followingPath = FOLLOWING.matcher(path);
		if (path.equals("/internal/users")) {
			List<Object> found = new ArrayList<>();
			ids(query.get("ids")).stream().map(this.users::get).filter((user) -> user != null).forEach(found::add);
			return json(200, Map.of("users", found));
		}
		if (followersPath.matches()) {
			long userId = Long.parseLong(followersPath.group(1));
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
			// A slow service is what this double is for: the delay is the behaviour
			// under test.
			return json(200, body).withFixedDelay(this.followerPageDelayMillis.getOrDefault(userId, 0L).intValue());
		}
		if (followingPath.matches()) {
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
			return json(200, Map.of("user_ids", page));
		}
		if (path.equals("/internal/posts")) {
			List<Object> found = new ArrayList<>();
			for (long id : ids(query.get("ids"))) {
				String thumbnail = this.thumbnails.get(id);
				if (thumbnail != null) {
					found.add(Map.of("post_id", Long.toString(id), "user_id", "1", "thumbnail_url", thumbnail));
				}
			}
			return json(200, Map.of("posts", found));
		}
		return json(404, Map.of("title", "not found"));
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

	private static ResponseDefinitionBuilder json(int status, Object body) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(JSON.writeValueAsBytes(body));
	}

	/** Answers a call that carries the token from the test's users, follows and posts. */
	private final class Answers implements ResponseDefinitionTransformerV2 {

		static final String NAME = "internal-apis";

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			String url = event.getRequest().getUrl();
			int mark = url.indexOf('?');
			return answer((mark < 0) ? url : url.substring(0, mark), query((mark < 0) ? null : url.substring(mark + 1)))
				.build();
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

}

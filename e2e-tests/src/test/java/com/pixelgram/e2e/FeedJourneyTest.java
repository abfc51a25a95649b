package com.pixelgram.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The home feed through the gateway, as an app reads it: Dave posts, Carol (who follows
 * him) refreshes and pages. A refresh shows a new post at once, cursor pages neither
 * repeat nor skip while posts arrive, the two orders, and one post shape everywhere.
 */
@ExtendWith(PixelgramStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	static Journeys.Account carol;

	static Journeys.Account dave;

	/** Dave's posts, oldest first. */
	static final List<String> posts = new ArrayList<>();

	@BeforeAll
	static void carolFollowsDave() {
		carol = Journeys.register(api, "carol");
		// Dave posts more than an unverified account may in a day
		dave = Journeys.verifyEmail(api, Journeys.register(api, "dave"));
		assertThat(api.post("/v1/users/" + dave.id() + "/follow", "", carol.accessToken()).status()).isBetween(200,
				299);
	}

	@Test
	@Order(1)
	void aPostPublishedAfterAReadIsOnTheNextPageOneWithinTwoSeconds() throws IOException {
		assertThat(feed("?limit=20").status()).isEqualTo(200);

		String postId = uploadAndAwaitReady("first");
		Instant ready = Instant.now();

		await().atMost(ASYNC)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(ids(feed("?limit=20"))).contains(postId));
		assertThat(Duration.between(ready, Instant.now())).isLessThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	@Order(2)
	void aFeedItemCarriesEveryFieldOfThePost() {
		String postId = posts.get(0);
		JsonNode post = api.get("/v1/posts/" + postId, carol.accessToken()).json();
		JsonNode item = item(feed("?limit=20"), postId);

		List<String> fields = new ArrayList<>();
		post.propertyNames().forEach(fields::add);
		assertThat(fields).contains("caption", "location", "alt_text", "width", "height", "renditions", "likes_count",
				"comments_count", "created_at", "upload_status", "liked_by_me");
		fields.forEach((field) -> assertThat(item.path(field)).as(field).isEqualTo(post.path(field)));
		assertThat(item.path("author").path("user_id").asString()).isEqualTo(dave.id());
		assertThat(item.path("author").path("username").asString()).isEqualTo(dave.username());
	}

	@Test
	@Order(3)
	void cursorPagesWhileNewPostsArriveAreDisjointAndCoverTheSnapshot() throws IOException {
		for (int i = 0; i < 5; i++) {
			uploadAndAwaitReady("batch " + i);
		}
		await().atMost(ASYNC).untilAsserted(() -> assertThat(ids(feed("?limit=20"))).containsAll(posts));
		List<String> snapshot = List.copyOf(posts);
		Api.Reply first = feed("?limit=2");
		String fresh = uploadAndAwaitReady("while paging");
		await().atMost(ASYNC).untilAsserted(() -> assertThat(ids(feed("?order=latest&limit=1"))).contains(fresh));

		List<String> seen = new ArrayList<>(ids(first));
		Api.Reply page = first;
		for (int i = 0; i < 10 && page.json().has("next_cursor"); i++) {
			assertThat(page.link()).hasValueSatisfying((link) -> assertThat(link).contains("cursor="));
			page = feed("?limit=2&cursor=" + page.json().path("next_cursor").asString());
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			seen.addAll(ids(page));
		}

		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(snapshot);
		assertThat(ids(feed("?limit=20"))).as("a refresh shows the new post").contains(fresh);
	}

	@Test
	@Order(4)
	void latestIsStrictlyNewestFirst() {
		Api.Reply latest = feed("?order=latest&limit=20");

		assertThat(latest.status()).isEqualTo(200);
		List<Instant> times = new ArrayList<>();
		latest.json().path("posts").forEach((item) -> times.add(Instant.parse(item.path("created_at").asString())));
		assertThat(times).hasSize(posts.size()).isSortedAccordingTo(Comparator.reverseOrder());
		List<String> newestFirst = new ArrayList<>(posts);
		java.util.Collections.reverse(newestFirst);
		assertThat(ids(latest)).containsExactlyElementsOf(newestFirst);
	}

	@Test
	@Order(5)
	void aForgedCursorOrAnUnknownOrderIsAValidationProblem() {
		for (String query : List.of("?cursor=forged", "?cursor=" + encode("1rsdeadbeef.2"), "?order=popular",
				"?cursor=" + encode("1rk0"))) {
			Api.Reply reply = feed(query);
			assertThat(reply.status()).as(query).isEqualTo(400);
			assertThat(reply.isProblem()).as(query).isTrue();
		}
	}

	private static Api.Reply feed(String query) {
		return api.get("/v1/feed" + query, carol.accessToken());
	}

	private static List<String> ids(Api.Reply feed) {
		assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		feed.json().path("posts").forEach((item) -> ids.add(item.path("post_id").asString()));
		return ids;
	}

	private static JsonNode item(Api.Reply feed, String postId) {
		for (JsonNode item : feed.json().path("posts")) {
			if (item.path("post_id").asString().equals(postId)) {
				return item;
			}
		}
		throw new AssertionError("post " + postId + " is not in " + feed);
	}

	/** Dave uploads a photo; the answer once it is READY. */
	private static String uploadAndAwaitReady(String caption) throws IOException {
		String postId = Journeys.uploadAndAwaitReady(api, dave,
				Map.of("caption", caption, "location", "Porto", "alt_text", "a test photo"));
		posts.add(postId);
		return postId;
	}

	private static String encode(String text) {
		return URLEncoder.encode(java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(text.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
	}

}

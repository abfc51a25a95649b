package com.pixelgram.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
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
 * The text around a photo, as two phones see it through the gateway: Carol posts, Dan
 * (who follows her) reads it in his feed; Carol edits the caption and Dan's post and feed
 * item show the edit; hashtags page their posts and follow edits and deletions; replies
 * thread under a comment and outlive its deletion.
 */
@ExtendWith(PixelgramStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostTextJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(60);

	static Journeys.Account carol;

	static Journeys.Account dan;

	static String postId;

	@BeforeAll
	static void aFollower() throws IOException {
		carol = Journeys.register(api, "carol");
		dan = Journeys.register(api, "dan");
		assertThat(api.post("/v1/users/" + carol.id() + "/follow", "", dan.accessToken()).status()).isBetween(200, 299);
		postId = readyPost(carol, "Morning at the market");
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedItem(dan, postId)).isNotNull());
	}

	@Test
	@Order(1)
	void theAuthorEditsTheCaptionAndTheFollowerSeesTheEditInThePostAndTheFeed() {
		Api.Reply edited = api.patch("/v1/posts/" + postId,
				"{\"caption\":\"Morning at the Bolhão market\",\"location\":\"Porto\",\"alt_texts\":[\"fruit stalls\"]}",
				carol.accessToken());

		assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
		Instant editedAt = Instant.parse(edited.text("edited_at"));
		JsonNode seen = api.get("/v1/posts/" + postId, dan.accessToken()).json();
		assertThat(seen.path("caption").asString()).isEqualTo("Morning at the Bolhão market");
		assertThat(seen.path("location").asString()).isEqualTo("Porto");
		assertThat(seen.path("alt_text").asString()).isEqualTo("fruit stalls");
		assertThat(Instant.parse(seen.path("edited_at").asString())).isEqualTo(editedAt);
		await().atMost(ASYNC).untilAsserted(() -> {
			JsonNode item = feedItem(dan, postId);
			assertThat(item.path("caption").asString()).isEqualTo("Morning at the Bolhão market");
			assertThat(Instant.parse(item.path("edited_at").asString())).isEqualTo(editedAt);
		});
	}

	@Test
	@Order(2)
	void onlyTheAuthorEditsAndAnEmptyEditIsRefused() {
		Api.Reply stranger = api.patch("/v1/posts/" + postId, "{\"caption\":\"mine\"}", dan.accessToken());
		Api.Reply empty = api.patch("/v1/posts/" + postId, "{}", carol.accessToken());
		Api.Reply tooMany = api.patch("/v1/posts/" + postId, "{\"alt_texts\":[\"a\",\"b\"]}", carol.accessToken());

		assertThat(stranger.status()).isEqualTo(403);
		assertThat(stranger.isProblem()).isTrue();
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.isProblem()).isTrue();
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().path("errors").get(0).path("field").asString()).isEqualTo("alt_texts");
		assertThat(api.get("/v1/posts/" + postId, dan.accessToken()).text("caption"))
			.isEqualTo("Morning at the Bolhão market");
	}

	@Test
	@Order(3)
	void hashtagsArePostsFieldAndATagPagesItsPostsAndFollowsEditsAndDeletions() throws IOException {
		String tagged = readyPost(carol, "Night over the river #PortoNights #Été");
		String newer = readyPost(carol, "Another night #portonights");

		Api.Reply page = api.get("/v1/tags/PortoNights/posts?limit=1", dan.accessToken());

		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.json().path("posts").get(0).path("post_id").asString()).isEqualTo(newer);
		assertThat(page.link()).hasValueSatisfying((link) -> assertThat(link).contains("rel=\"next\""));
		Api.Reply next = api.get("/v1/tags/portonights/posts?limit=1&cursor=" + page.text("next_cursor"),
				dan.accessToken());
		JsonNode post = next.json().path("posts").get(0);
		assertThat(post.path("post_id").asString()).isEqualTo(tagged);
		assertThat(post.path("hashtags").valueStream().map(JsonNode::asString)).containsExactly("portonights", "été");
		assertThat(tagPosts("%C3%89T%C3%89")).containsExactly(tagged);
		await().atMost(ASYNC)
			.untilAsserted(
					() -> assertThat(feedItem(dan, tagged).path("hashtags").valueStream().map(JsonNode::asString))
						.containsExactly("portonights", "été"));

		assertThat(api
			.patch("/v1/posts/" + tagged, "{\"caption\":\"Night over the river #portonights\"}", carol.accessToken())
			.status()).isEqualTo(200);
		assertThat(tagPosts("%C3%A9t%C3%A9")).isEmpty();
		assertThat(api.delete("/v1/posts/" + newer, carol.accessToken()).status()).isEqualTo(204);
		assertThat(tagPosts("portonights")).containsExactly(tagged);
		Api.Reply bad = api.get("/v1/tags/not-a-tag!/posts", dan.accessToken());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.isProblem()).isTrue();
	}

	@Test
	@Order(4)
	void repliesThreadOneLevelDeepAndOutliveADeletedComment() {
		String comments = "/v1/posts/" + postId + "/comments";
		Api.Reply question = api.post(comments, "{\"text\":\"Which stall?\"}", dan.accessToken());
		assertThat(question.status()).as(question.toString()).isEqualTo(201);
		String top = question.text("comment_id");
		Api.Reply answer = api.post(comments, "{\"text\":\"The third one\",\"reply_to\":\"" + top + "\"}",
				carol.accessToken());
		Api.Reply thanks = api.post(comments,
				"{\"text\":\"Thanks\",\"reply_to\":\"" + answer.text("comment_id") + "\"}", dan.accessToken());
		assertThat(thanks.status()).as(thanks.toString()).isEqualTo(201);
		assertThat(thanks.text("reply_to")).as("a reply to a reply belongs to the top-level comment").isEqualTo(top);

		JsonNode listed = api.get(comments, dan.accessToken()).json().path("comments");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).path("replies_count").asLong()).isEqualTo(2);
		assertThat(replyTexts(top)).containsExactly("The third one", "Thanks");

		assertThat(api.delete(comments + "/" + top, dan.accessToken()).status()).isEqualTo(204);
		JsonNode tombstone = api.get(comments, carol.accessToken()).json().path("comments").get(0);
		assertThat(tombstone.path("deleted").asBoolean()).isTrue();
		assertThat(tombstone.has("text")).isFalse();
		assertThat(replyTexts(top)).containsExactly("The third one", "Thanks");

		String otherPostsComment = api
			.post("/v1/posts/" + tagPostsOfCarol() + "/comments", "{\"text\":\"elsewhere\"}", dan.accessToken())
			.text("comment_id");
		Api.Reply foreign = api.post(comments, "{\"text\":\"x\",\"reply_to\":\"" + otherPostsComment + "\"}",
				dan.accessToken());
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.isProblem()).isTrue();
		assertThat(foreign.json().path("errors").get(0).path("field").asString()).isEqualTo("reply_to");
	}

	private static java.util.List<String> replyTexts(String commentId) {
		Api.Reply replies = api.get("/v1/posts/" + postId + "/comments/" + commentId + "/replies", dan.accessToken());
		assertThat(replies.status()).as(replies.toString()).isEqualTo(200);
		return replies.json().path("comments").valueStream().map((reply) -> reply.path("text").asString()).toList();
	}

	/** A post of Carol's other than the journey's: the one still tagged #portonights. */
	private static String tagPostsOfCarol() {
		return tagPosts("portonights").get(0);
	}

	/** The IDs of a hashtag's first page, the tag as it goes in the path. */
	static java.util.List<String> tagPosts(String pathSegment) {
		Api.Reply page = api.get("/v1/tags/" + pathSegment + "/posts", dan.accessToken());
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		return page.json().path("posts").valueStream().map((item) -> item.path("post_id").asString()).toList();
	}

	/** Uploads a photo with the caption and waits until it is READY; its ID. */
	static String readyPost(Journeys.Account author, String caption) throws IOException {
		Api.Reply upload = api.postMultipart("/v1/posts", author.accessToken(), Map.of("caption", caption), "image",
				"photo.jpg", "image/jpeg", photo());
		assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
		String id = upload.text("post_id");
		await().atMost(ASYNC)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(api.get("/v1/posts/" + id, author.accessToken()).text("upload_status"))
				.isEqualTo("READY"));
		return id;
	}

	/** The post's item in the reader's latest feed, or {@code null}. */
	static JsonNode feedItem(Journeys.Account reader, String id) {
		Api.Reply feed = api.get("/v1/feed?order=latest", reader.accessToken());
		assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
		for (JsonNode item : feed.json().path("posts")) {
			if (item.path("post_id").asString().equals(id)) {
				return item;
			}
		}
		return null;
	}

	private static byte[] photo() throws IOException {
		try (InputStream in = PostTextJourneyTest.class.getResourceAsStream("/photo-gps.jpg")) {
			return in.readAllBytes();
		}
	}

}

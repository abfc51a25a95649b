package com.pixelgram.post.posts;

import java.time.Instant;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PostEditTest extends PostIntegrationTest {

	@Test
	void theAuthorEditsCaptionLocationAndAltTextAndEveryReaderSeesTheEdit() {
		long author = newUser();
		long reader = newUser();
		long postId = readyPost(author);
		// cached before the edit: the edit must evict it
		assertThat(get(reader, "/v1/posts/" + postId).json().has("edited_at")).isFalse();

		Reply edited = patchJson(author, "/v1/posts/" + postId,
				"{\"caption\":\"Sunset over the Douro\",\"location\":\"Porto\",\"alt_texts\":[\"a river at dusk\"]}");

		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		JsonNode post = edited.json();
		assertThat(post.path("caption").asString()).isEqualTo("Sunset over the Douro");
		assertThat(post.path("location").asString()).isEqualTo("Porto");
		assertThat(post.path("alt_text").asString()).isEqualTo("a river at dusk");
		assertThat(post.path("username").asString()).isEqualTo("user" + author);
		Instant editedAt = Instant.parse(post.path("edited_at").asString());
		assertThat(editedAt).isAfter(Instant.parse(post.path("created_at").asString()));
		JsonNode seen = get(reader, "/v1/posts/" + postId).json();
		assertThat(seen.path("caption").asString()).isEqualTo("Sunset over the Douro");
		assertThat(seen.path("edited_at").asString()).isEqualTo(post.path("edited_at").asString());
		JsonNode batch = Reply
			.of(client().get().uri("/internal/posts?ids=" + postId).header("X-Internal-Token", FEED_TOKEN))
			.json();
		assertThat(batch.path("posts").get(0).path("location").asString()).isEqualTo("Porto");
		assertThat(outboxEvents(postId)).containsExactly("PostPublished", "PostEdited");
		JsonNode event = JSON.readTree(outboxPayload(postId, "PostEdited"));
		assertThat(event.path("caption").asString()).isEqualTo("Sunset over the Douro");
		assertThat(event.path("alt_text").asString()).isEqualTo("a river at dusk");
		assertThat(event.path("image_url").asString()).isEqualTo(post.path("image_url").asString());
		assertThat(event.path("renditions").size()).isEqualTo(4);
		assertThat(Instant.parse(event.path("edited_at").asString())).isEqualTo(editedAt);
	}

	@Test
	void onlyTheFieldsNamedChangeAndAnEmptyOneClearsIt() {
		long author = newUser();
		long postId = readyPost(author);
		patchJson(author, "/v1/posts/" + postId, "{\"location\":\"Lisbon\",\"alt_texts\":[\"tram 28\"]}");

		Reply reply = patchJson(author, "/v1/posts/" + postId, "{\"location\":\"\"}");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		JsonNode post = get(author, "/v1/posts/" + postId).json();
		assertThat(post.path("caption").asString()).isEqualTo("a caption");
		assertThat(post.has("location")).isFalse();
		assertThat(post.path("alt_text").asString()).isEqualTo("tram 28");
	}

	@Test
	void anEditThatChangesNothingKeepsEditedAtAndPublishesNothing() {
		long author = newUser();
		long postId = readyPost(author);
		String first = patchJson(author, "/v1/posts/" + postId, "{\"caption\":\"again\"}").json()
			.path("edited_at")
			.asString();

		Reply retry = patchJson(author, "/v1/posts/" + postId, "{\"caption\":\"again\"}");

		assertThat(retry.status()).isEqualTo(200);
		assertThat(retry.json().path("edited_at").asString()).isEqualTo(first);
		assertThat(outboxEvents(postId)).containsExactly("PostPublished", "PostEdited");
	}

	@Test
	void nobodyButTheAuthorEditsAPost() {
		long author = newUser();
		long postId = readyPost(author);

		patchJson(newUser(), "/v1/posts/" + postId, "{\"caption\":\"mine now\"}").assertProblem(403, "forbidden");
		patchJson(author, "/v1/posts/" + this.ids.nextId(3), "{\"caption\":\"x\"}").assertProblem(404, "not-found");

		assertThat(get(author, "/v1/posts/" + postId).json().path("caption").asString()).isEqualTo("a caption");
	}

	@Test
	void refusesAnEmptyOrInvalidEdit() {
		long author = newUser();
		long postId = readyPost(author);
		String path = "/v1/posts/" + postId;

		JsonNode empty = patchJson(author, path, "{}").assertProblem(400, "validation");
		assertThat(empty.path("detail").asString()).contains("caption, location or alt_texts");
		patchJson(author, path, "{\"unknown\":1}").assertProblem(400, "validation");
		assertThat(field(patchJson(author, path, "{\"caption\":\"" + "x".repeat(2201) + "\"}"))).isEqualTo("caption");
		assertThat(field(patchJson(author, path, "{\"location\":\"a\\nb\"}"))).isEqualTo("location");
		assertThat(field(patchJson(author, path, "{\"alt_texts\":[\"one\",\"two\"]}"))).isEqualTo("alt_texts");
		assertThat(field(patchJson(author, path, "{\"alt_texts\":[]}"))).isEqualTo("alt_texts");
		assertThat(field(patchJson(author, path, "{\"alt_texts\":[null]}"))).isEqualTo("alt_texts[0]");
		assertThat(field(patchJson(author, path, "{\"alt_texts\":[\"" + "y".repeat(1001) + "\"]}")))
			.isEqualTo("alt_texts[0]");
		assertThat(patchJson(author, path, "[1,2]").status()).isEqualTo(400);

		assertThat(get(author, path).json().has("edited_at")).isFalse();
		assertThat(outboxEvents(postId)).containsExactly("PostPublished");
	}

	private static String field(Reply reply) {
		return reply.assertProblem(400, "validation").path("errors").get(0).path("field").asString();
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
	}

}

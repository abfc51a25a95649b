package com.pixelgram.post.comment;

import java.util.List;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class CommentTest extends PostIntegrationTest {

	@Test
	void createsAndListsCommentsOldestFirst() {
		long author = newUser();
		long reader = newUser();
		long postId = readyPost(author);

		Reply created = postJson(reader, "/v1/posts/" + postId + "/comments", "{\"text\":\"first!\"}");
		postJson(author, "/v1/posts/" + postId + "/comments", "{\"text\":\"thanks\"}");
		postJson(reader, "/v1/posts/" + postId + "/comments", "{\"text\":\"third\"}");

		assertThat(created.status()).isEqualTo(201);
		JsonNode comment = created.json();
		assertThat(comment.path("comment_id").isString()).isTrue();
		assertThat(comment.path("post_id").asLong()).isEqualTo(postId);
		assertThat(comment.path("user_id").asLong()).isEqualTo(reader);
		assertThat(comment.path("username").asString()).isEqualTo("user" + reader);
		assertThat(comment.path("text").asString()).isEqualTo("first!");
		assertThat(created.headers().getLocation())
			.hasToString("/v1/posts/" + postId + "/comments/" + comment.path("comment_id").asString());
		Reply page = get(newUser(), "/v1/posts/" + postId + "/comments?limit=2");
		assertThat(texts(page)).containsExactly("first!", "thanks");
		assertThat(page.headers().getFirst(HttpHeaders.LINK)).contains("page=2");
		assertThat(texts(get(newUser(), "/v1/posts/" + postId + "/comments?page=2&limit=2"))).containsExactly("third");
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("comments_count").asLong()).isEqualTo(3);
		assertThat(outboxEvents(postId)).containsExactly("PostPublished", "CommentCreated", "CommentCreated",
				"CommentCreated");
	}

	@Test
	void refusesAnEmptyOrTooLongComment() {
		long user = newUser();
		long postId = readyPost(newUser());

		postJson(user, "/v1/posts/" + postId + "/comments", "{\"text\":\"  \"}").assertProblem(400, "validation");
		postJson(user, "/v1/posts/" + postId + "/comments", "{\"text\":\"" + "x".repeat(2201) + "\"}")
			.assertProblem(400, "validation");
		assertThat(
				postJson(user, "/v1/posts/" + postId + "/comments", "{\"text\":\"" + "x".repeat(2200) + "\"}").status())
			.isEqualTo(201);
		postJson(user, "/v1/posts/" + this.ids.nextId(1) + "/comments", "{\"text\":\"hi\"}").assertProblem(404,
				"not-found");
	}

	@ParameterizedTest(name = "U+{0}")
	@ValueSource(strings = { "0000", "0007", "001b", "007f" })
	void refusesAControlCharacterInAComment(String control) {
		long postId = readyPost(newUser());

		Reply reply = postJson(newUser(), "/v1/posts/" + postId + "/comments",
				"{\"text\":\"so \\u" + control + "pretty\"}");

		JsonNode problem = reply.assertProblem(400, "validation");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("text");
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("comments_count").asLong()).isZero();
	}

	@Test
	void keepsLineBreaksAndTabsOfAComment() {
		long postId = readyPost(newUser());

		Reply reply = postJson(newUser(), "/v1/posts/" + postId + "/comments",
				"{\"text\":\"so\\r\\npretty\\n\\twow\"}");

		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		assertThat(texts(get(newUser(), "/v1/posts/" + postId + "/comments"))).containsExactly("so\r\npretty\n\twow");
	}

	@Test
	void letsTheAuthorOrThePostOwnerDeleteACommentAndNobodyElse() {
		long owner = newUser();
		long commenter = newUser();
		long stranger = newUser();
		long postId = readyPost(owner);
		long mine = commentId(postJson(commenter, "/v1/posts/" + postId + "/comments", "{\"text\":\"mine\"}"));
		long other = commentId(postJson(commenter, "/v1/posts/" + postId + "/comments", "{\"text\":\"other\"}"));
		long kept = commentId(postJson(commenter, "/v1/posts/" + postId + "/comments", "{\"text\":\"kept\"}"));

		delete(stranger, "/v1/posts/" + postId + "/comments/" + kept).assertProblem(403, "forbidden");
		assertThat(delete(commenter, "/v1/posts/" + postId + "/comments/" + mine).status()).isEqualTo(204);
		assertThat(delete(owner, "/v1/posts/" + postId + "/comments/" + other).status()).isEqualTo(204);
		delete(owner, "/v1/posts/" + postId + "/comments/" + other).assertProblem(404, "not-found");

		assertThat(texts(get(stranger, "/v1/posts/" + postId + "/comments"))).containsExactly("kept");
		assertThat(get(stranger, "/v1/posts/" + postId).json().path("comments_count").asLong()).isEqualTo(1);
		assertThat(outboxEvents(postId)).filteredOn("CommentDeleted"::equals).hasSize(2);
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(200, 200))).path("post_id").asLong();
	}

	private static long commentId(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply.json().path("comment_id").asLong();
	}

	private static List<String> texts(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().path("comments").valueStream().map((comment) -> comment.path("text").asString()).toList();
	}

}

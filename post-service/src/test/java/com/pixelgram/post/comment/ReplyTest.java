package com.pixelgram.post.comment;

import java.util.List;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyTest extends PostIntegrationTest {

	@Test
	void repliesAreOneLevelDeepCountedOnTheirParentAndPaged() {
		long author = newUser();
		long reader = newUser();
		long postId = readyPost(author);
		long top = commentId(comment(reader, postId, "{\"text\":\"Where is this?\"}"));
		long other = commentId(comment(reader, postId, "{\"text\":\"Lovely\"}"));

		Reply reply = comment(author, postId, "{\"text\":\"Porto\",\"reply_to\":\"" + top + "\"}");
		long nested = commentId(comment(reader, postId,
				"{\"text\":\"Thanks!\",\"reply_to\":\"" + reply.json().path("comment_id").asString() + "\"}"));
		comment(reader, postId, "{\"text\":\"Going there\",\"reply_to\":" + top + "}");

		assertThat(reply.json().path("reply_to").asString()).isEqualTo(Long.toString(top));
		assertThat(reply.json().has("replies_count")).isFalse();
		Reply topLevel = get(newUser(), "/v1/posts/" + postId + "/comments");
		assertThat(texts(topLevel)).containsExactly("Where is this?", "Lovely");
		assertThat(topLevel.json().path("comments").get(0).path("replies_count").asLong()).isEqualTo(3);
		assertThat(topLevel.json().path("comments").get(1).path("replies_count").asLong()).isZero();
		Reply replies = get(newUser(), "/v1/posts/" + postId + "/comments/" + top + "/replies?limit=2");
		assertThat(texts(replies)).containsExactly("Porto", "Thanks!");
		assertThat(replies.json().path("comments").get(1).path("comment_id").asLong()).isEqualTo(nested);
		assertThat(replies.json().path("comments").get(1).path("reply_to").asLong())
			.as("a reply to a reply belongs to the top-level comment")
			.isEqualTo(top);
		assertThat(replies.headers().getFirst(HttpHeaders.LINK)).contains("page=2");
		assertThat(texts(get(newUser(), "/v1/posts/" + postId + "/comments/" + top + "/replies?page=2&limit=2")))
			.containsExactly("Going there");
		assertThat(texts(get(newUser(), "/v1/posts/" + postId + "/comments/" + other + "/replies"))).isEmpty();
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("comments_count").asLong()).isEqualTo(5);
	}

	@Test
	void aDeletedCommentKeepsItsRepliesReadableUntilTheLastGoes() {
		long author = newUser();
		long reader = newUser();
		long postId = readyPost(author);
		long top = commentId(comment(reader, postId, "{\"text\":\"first\"}"));
		long first = commentId(comment(author, postId, "{\"text\":\"reply one\",\"reply_to\":\"" + top + "\"}"));
		long second = commentId(comment(author, postId, "{\"text\":\"reply two\",\"reply_to\":\"" + top + "\"}"));

		assertThat(delete(reader, "/v1/posts/" + postId + "/comments/" + top).status()).isEqualTo(204);

		JsonNode tombstone = get(newUser(), "/v1/posts/" + postId + "/comments").json().path("comments").get(0);
		assertThat(tombstone.path("comment_id").asLong()).isEqualTo(top);
		assertThat(tombstone.path("deleted").asBoolean()).isTrue();
		assertThat(tombstone.has("text")).isFalse();
		assertThat(tombstone.has("username")).isFalse();
		assertThat(tombstone.path("replies_count").asLong()).isEqualTo(2);
		assertThat(texts(get(newUser(), "/v1/posts/" + postId + "/comments/" + top + "/replies")))
			.containsExactly("reply one", "reply two");
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("comments_count").asLong()).isEqualTo(2);
		delete(reader, "/v1/posts/" + postId + "/comments/" + top).assertProblem(404, "not-found");
		comment(reader, postId, "{\"text\":\"to a tombstone\",\"reply_to\":\"" + top + "\"}").assertProblem(400,
				"validation");

		assertThat(delete(author, "/v1/posts/" + postId + "/comments/" + first).status()).isEqualTo(204);
		assertThat(delete(author, "/v1/posts/" + postId + "/comments/" + second).status()).isEqualTo(204);

		assertThat(get(newUser(), "/v1/posts/" + postId + "/comments").json().path("comments")).isEmpty();
		get(newUser(), "/v1/posts/" + postId + "/comments/" + top + "/replies").assertProblem(404, "not-found");
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("comments_count").asLong()).isZero();
		assertThat(outboxEvents(postId)).filteredOn("CommentDeleted"::equals).hasSize(3);
	}

	@Test
	void refusesAReplyToACommentOfAnotherPostOrToNoComment() {
		long author = newUser();
		long postId = readyPost(author);
		long elsewhere = commentId(comment(author, readyPost(author), "{\"text\":\"elsewhere\"}"));

		JsonNode foreign = comment(author, postId, "{\"text\":\"hi\",\"reply_to\":\"" + elsewhere + "\"}")
			.assertProblem(400, "validation");
		assertThat(foreign.path("errors").get(0).path("field").asString()).isEqualTo("reply_to");
		comment(author, postId, "{\"text\":\"hi\",\"reply_to\":\"" + this.ids.nextId(3) + "\"}").assertProblem(400,
				"validation");
		assertThat(comment(author, postId, "{\"text\":\"hi\",\"reply_to\":\"not a number\"}").status()).isEqualTo(400);
		get(author, "/v1/posts/" + postId + "/comments/" + elsewhere + "/replies").assertProblem(404, "not-found");
		assertThat(get(author, "/v1/posts/" + postId).json().path("comments_count").asLong()).isZero();
	}

	@Test
	void theRepliesOfAReplyAreNotAList() {
		long author = newUser();
		long postId = readyPost(author);
		long top = commentId(comment(author, postId, "{\"text\":\"top\"}"));
		long reply = commentId(comment(author, postId, "{\"text\":\"reply\",\"reply_to\":\"" + top + "\"}"));

		get(author, "/v1/posts/" + postId + "/comments/" + reply + "/replies").assertProblem(404, "not-found");
	}

	private Reply comment(long userId, long postId, String json) {
		return postJson(userId, "/v1/posts/" + postId + "/comments", json);
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(60, 60))).path("post_id").asLong();
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

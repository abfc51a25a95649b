package com.pixelgram.post.posts;

import java.util.List;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mentions in captions and comments against the real service: Postgres shards, the
 * outbox, and the user-service stand-in, which knows every {@code user<ID>}.
 */
class MentionTest extends PostIntegrationTest {

	@Autowired
	CircuitBreakerRegistry breakers;

	@BeforeEach
	void userServiceAnswers() {
		// another test class of this context may have left the breaker open
		this.breakers.circuitBreaker("user-service").reset();
	}

	@Test
	void aCaptionsMentionsAreResolvedShownAndNotifiedWhenThePostIsPublished() {
		long author = newUser();
		long friend = newUser();
		long other = newUser();
		String caption = "Lunch with @user" + friend + ", @USER" + other + " and @nobody (mail me: a@b.com) @user"
				+ author;

		Reply reply = upload(author, TestImages.png(TestImages.photo(300, 200)), "photo.png", "image/png", "caption",
				caption);

		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		JsonNode post = awaitStatus(author, postId, "READY");
		JsonNode mentions = post.path("mentions");
		assertThat(mentions.size()).isEqualTo(3);
		assertThat(mentions.get(0).path("user_id").isString()).isTrue();
		assertThat(mentions.get(0).path("user_id").asString()).isEqualTo(Long.toString(friend));
		assertThat(mentions.get(0).path("username").asString()).isEqualTo("user" + friend);
		int start = mentions.get(1).path("start").asInt();
		int end = mentions.get(1).path("end").asInt();
		assertThat(caption.substring(start, end)).isEqualTo("@USER" + other);
		assertThat(mentions.get(1).path("username").asString()).isEqualTo("user" + other);
		assertThat(mentions.get(2).path("user_id").asLong()).isEqualTo(author);
		// published, then one notice per other user mentioned: none for the author
		assertThat(mentionedUsers(postId)).containsExactly(friend, other);
		JsonNode published = JSON.readTree(outboxPayload(postId, "PostPublished"));
		assertThat(published.path("mentions").size()).isEqualTo(3);
		assertThat(published.path("mentions").get(0).path("user_id").asString()).isEqualTo(Long.toString(friend));
		JsonNode notice = JSON.readTree(outboxPayload(postId, "UserMentioned"));
		assertThat(notice.path("actor_id").asString()).isEqualTo(Long.toString(author));
		assertThat(notice.path("post_author_id").asString()).isEqualTo(Long.toString(author));
		assertThat(notice.path("comment_id").isNull() || notice.path("comment_id").isMissingNode()).isTrue();
		assertThat(notice.path("thumbnail_url").asString()).isEqualTo(post.path("thumbnail_url").asString());
		// every reader sees them, and so do other services
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("mentions").size()).isEqualTo(3);
		JsonNode batch = Reply
			.of(client().get().uri("/internal/posts?ids=" + postId).header("X-Internal-Token", FEED_TOKEN))
			.json();
		assertThat(batch.path("posts").get(0).path("mentions").size()).isEqualTo(3);
	}

	@Test
	void anEditNotifiesOnlyTheUsersItNewlyMentions() {
		long author = newUser();
		long first = newUser();
		long second = newUser();
		long postId = readyPost(author, "hello @user" + first);
		assertThat(mentionedUsers(postId)).containsExactly(first);

		Reply edited = patchJson(author, "/v1/posts/" + postId,
				"{\"caption\":\"hello @user" + first + " and @user" + second + "\"}");

		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		assertThat(edited.json().path("mentions").size()).isEqualTo(2);
		assertThat(mentionedUsers(postId)).containsExactly(first, second);
		JsonNode event = JSON.readTree(outboxPayload(postId, "PostEdited"));
		assertThat(event.path("mentions").size()).isEqualTo(2);
		assertThat(event.path("blurhash").asString()).isNotEmpty();
		// an edit of the location keeps the mentions and notifies nobody
		patchJson(author, "/v1/posts/" + postId, "{\"location\":\"Porto\"}");
		assertThat(get(author, "/v1/posts/" + postId).json().path("mentions").size()).isEqualTo(2);
		// taking a mention out leaves it out of the post
		patchJson(author, "/v1/posts/" + postId, "{\"caption\":\"hello @user" + second + "\"}");
		JsonNode post = get(first, "/v1/posts/" + postId).json();
		assertThat(post.path("mentions").size()).isEqualTo(1);
		assertThat(post.path("mentions").get(0).path("user_id").asLong()).isEqualTo(second);
		assertThat(mentionedUsers(postId)).containsExactly(first, second);
	}

	@Test
	void aCommentsMentionsAreShownAndNotified() {
		long author = newUser();
		long commenter = newUser();
		long friend = newUser();
		long postId = readyPost(author, "no mentions here");

		Reply created = postJson(commenter, "/v1/posts/" + postId + "/comments",
				"{\"text\":\"  look @user" + friend + " @user" + friend + "!  \"}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode comment = created.json();
		JsonNode mentions = comment.path("mentions");
		assertThat(mentions.size()).isEqualTo(2);
		String text = comment.path("text").asString();
		assertThat(text.substring(mentions.get(1).path("start").asInt(), mentions.get(1).path("end").asInt()))
			.isEqualTo("@user" + friend);
		JsonNode listed = get(author, "/v1/posts/" + postId + "/comments").json().path("comments").get(0);
		assertThat(listed.path("mentions")).isEqualTo(mentions);
		// one notice for the user, however often the comment names them
		assertThat(mentionedUsers(postId)).containsExactly(friend);
		JsonNode notice = JSON.readTree(outboxPayload(postId, "UserMentioned"));
		assertThat(notice.path("comment_id").asString()).isEqualTo(comment.path("comment_id").asString());
		assertThat(notice.path("actor_id").asLong()).isEqualTo(commenter);
		assertThat(notice.path("text").asString()).isEqualTo(text);

		// Deleted, it names whom it mentioned: their notifications go with it.
		assertThat(delete(commenter, "/v1/posts/" + postId + "/comments/" + comment.path("comment_id").asString())
			.status()).isEqualTo(204);
		JsonNode deleted = JSON.readTree(outboxPayload(postId, "CommentDeleted"));
		assertThat(deleted.path("comment_id").asString()).isEqualTo(comment.path("comment_id").asString());
		assertThat(deleted.path("mentions")).isEqualTo(mentions);
	}

	@Test
	void aTextWithoutMentionsDoesNotAskUserServiceAndTooManyMentionsAreRefused() {
		long author = newUser();
		long postId = readyPost(author, "plain");
		int lookups = USER_SERVICE.usernameLookups();

		postJson(author, "/v1/posts/" + postId + "/comments", "{\"text\":\"nothing to resolve, a@b.com\"}");
		StringBuilder many = new StringBuilder();
		for (int i = 0; i <= Mentions.MAX_DISTINCT; i++) {
			many.append("@someone").append(i).append(' ');
		}
		Reply refused = postJson(author, "/v1/posts/" + postId + "/comments", "{\"text\":\"" + many + "\"}");

		assertThat(USER_SERVICE.usernameLookups()).isEqualTo(lookups);
		refused.assertProblem(400, "validation");
	}

	@Test
	void whenUserServiceCannotResolveMentionsTheWriteIsRefusedForARetry() {
		long author = newUser();
		long postId = readyPost(author, "plain");
		USER_SERVICE.setDown(true);
		try {
			Reply reply = postJson(author, "/v1/posts/" + postId + "/comments",
					"{\"text\":\"hi @user" + author + "\"}");

			reply.assertProblem(503, "service-unavailable");
			assertThat(reply.headers().getFirst("Retry-After")).isNotNull();
		}
		finally {
			USER_SERVICE.setDown(false);
			this.breakers.circuitBreaker("user-service").reset();
		}
	}

	private long readyPost(long author, String caption) {
		Reply reply = upload(author, TestImages.png(TestImages.photo(200, 200)), "photo.png", "image/png", "caption",
				caption);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		awaitStatus(author, postId, "READY");
		return postId;
	}

	/**
	 * The users the post's UserMentioned events name, in the order they were sent (the
	 * outbox holds a row per event and queue).
	 */
	private List<Long> mentionedUsers(long postId) {
		int shard = this.shards.shardOf(postId);
		return this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT mentioned FROM (SELECT DISTINCT ON (event_id) id, "
							+ "(payload->'payload'->>'mentioned_user_id')::bigint AS mentioned FROM outbox.message "
							+ "WHERE payload->'payload'->>'post_id' = :id AND event_type = 'UserMentioned' "
							+ "ORDER BY event_id, id) sent ORDER BY id")
					.param("id", Long.toString(postId))
					.query(Long.class)
					.list());
	}

}

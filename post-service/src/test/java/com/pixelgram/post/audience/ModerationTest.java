package com.pixelgram.post.audience;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.CommentTakenDown;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostTakenDown;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ModerationTest extends PostIntegrationTest {

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Test
	void aPostTakenDownIsDeletedAsItsAuthorWouldOnce() {
		long author = newUser();
		long moderator = newUser();
		long postId = readyPost(author);

		send(new PostTakenDown(postId, author, moderator, Instant.now()));
		send(new PostTakenDown(postId, author, moderator, Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get(newUser(), "/v1/posts/" + postId).status()).isEqualTo(404));
		get(author, "/v1/posts/" + postId).assertProblem(404, "not-found");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(outboxEvents(postId)).containsExactly("PostPublished", "PostDeleted"));
	}

	@Test
	void aCommentTakenDownIsDeletedWithItsEventAndCount() {
		long author = newUser();
		long commenter = newUser();
		long postId = readyPost(author);
		Reply comment = postJson(commenter, "/v1/posts/" + postId + "/comments", "{\"text\":\"rude\"}");
		assertThat(comment.status()).as(comment.body()).isEqualTo(201);
		long commentId = Long.parseLong(comment.json().path("comment_id").asString());

		send(new CommentTakenDown(commentId, postId, commenter, newUser(), Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(get(author, "/v1/posts/" + postId + "/comments").json().path("comments").size())
						.isZero());
		assertThat(get(author, "/v1/posts/" + postId).json().path("comments_count").asLong()).isZero();
		assertThat(outboxEvents(postId)).contains("CommentDeleted");
	}

	@Test
	void aSuspendedAuthorsPostsAreHiddenFromEveryoneUntilTheyAreReinstated() {
		long author = newUser();
		long viewer = newUser();
		long postId = readyPost(author);
		Instant at = Instant.now();

		send(new UserSuspended(author, at));
		awaitSuspended(author, true);

		get(viewer, "/v1/posts/" + postId).assertProblem(404, "not-found");
		get(viewer, "/v1/users/" + author + "/posts").assertProblem(404, "not-found");
		post(viewer, "/v1/posts/" + postId + "/like").assertProblem(404, "not-found");
		assertThat(outboxEvents(postId)).as("nothing is erased").containsExactly("PostPublished");

		send(new UserReinstated(author, at.minusSeconds(60)));
		send(new UserReinstated(author, at.plusMillis(1)));
		awaitSuspended(author, false);

		assertThat(get(viewer, "/v1/posts/" + postId).status()).isEqualTo(200);
		assertThat(get(viewer, "/v1/users/" + author + "/posts").status()).isEqualTo(200);
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		String body = this.codec.encode(UUID.randomUUID(), Instant.now(), event);
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	private void awaitSuspended(long authorId, boolean suspended) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(authorId),
					() -> this.shards.jdbc()
						.sql("SELECT suspended FROM author_suspension WHERE author_id = :author")
						.param("author", authorId)
						.query(Boolean.class)
						.optional()
						.filter((value) -> value == suspended)
						.isPresent()));
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(120, 120))).path("post_id").asLong();
	}

}

package com.pixelgram.post.audience;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockTest extends PostIntegrationTest {

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Test
	void blockedUsersNeitherSeeNorLikeNorCommentOnEachOthersPostsUntilTheBlockIsLifted() {
		long blocker = newUser();
		long blocked = newUser();
		long bystander = newUser();
		long blockersPost = readyPost(blocker);
		long blockedsPost = readyPost(blocked);
		Instant at = Instant.now();

		send(new UserBlocked(blocker, blocked, at));
		awaitBlocked(blocked, blocker, true);

		get(blocked, "/v1/posts/" + blockersPost).assertProblem(404, "not-found");
		get(blocker, "/v1/posts/" + blockedsPost).assertProblem(404, "not-found");
		get(blocked, "/v1/users/" + blocker + "/posts").assertProblem(404, "not-found");
		get(blocker, "/v1/users/" + blocked + "/posts").assertProblem(404, "not-found");
		post(blocked, "/v1/posts/" + blockersPost + "/like").assertProblem(404, "not-found");
		postJson(blocked, "/v1/posts/" + blockersPost + "/comments", "{\"text\":\"hello\"}").assertProblem(404,
				"not-found");
		get(blocked, "/v1/posts/" + blockersPost + "/likes").assertProblem(404, "not-found");
		get(blocked, "/v1/posts/" + blockersPost + "/comments").assertProblem(404, "not-found");
		assertThat(get(bystander, "/v1/posts/" + blockersPost).status()).isEqualTo(200);
		assertThat(get(blocker, "/v1/posts/" + blockersPost).status()).isEqualTo(200);
		assertThat(outboxEvents(blockersPost)).containsExactly("PostPublished");

		send(new UserUnblocked(blocker, blocked, at.minusSeconds(60)));
		send(new UserUnblocked(blocker, blocked, at.plusMillis(1)));
		awaitBlocked(blocked, blocker, false);

		assertThat(get(blocked, "/v1/posts/" + blockersPost).status()).isEqualTo(200);
		assertThat(post(blocked, "/v1/posts/" + blockersPost + "/like").status()).isEqualTo(200);
	}

	@Test
	void likersAndCommentsOfAThirdPartysPostLeaveOutWhoeverTheViewerBlockedEitherWay() {
		long author = newUser();
		long viewer = newUser();
		long troll = newUser();
		long friend = newUser();
		long postId = readyPost(author);
		for (long user : List.of(troll, friend)) {
			assertThat(post(user, "/v1/posts/" + postId + "/like").status()).isEqualTo(200);
			assertThat(postJson(user, "/v1/posts/" + postId + "/comments", "{\"text\":\"from " + user + "\"}").status())
				.isEqualTo(201);
		}

		send(new UserBlocked(troll, viewer, Instant.now()));
		awaitBlocked(viewer, troll, true);

		assertThat(userIds(get(viewer, "/v1/posts/" + postId + "/likes"), "likes")).containsExactly(friend);
		assertThat(userIds(get(viewer, "/v1/posts/" + postId + "/comments"), "comments")).containsExactly(friend);
		assertThat(userIds(get(author, "/v1/posts/" + postId + "/likes"), "likes")).containsExactly(friend, troll);
		assertThat(userIds(get(author, "/v1/posts/" + postId + "/comments"), "comments")).containsExactly(troll,
				friend);
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		String body = this.codec.encode(UUID.randomUUID(), Instant.now(), event);
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	/**
	 * Waits until the user's shard records the other's block of them as standing or
	 * lifted.
	 */
	private void awaitBlocked(long userId, long blockerId, boolean blocked) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(userId),
					() -> this.shards.jdbc()
						.sql("SELECT blocked FROM block_pair WHERE user_id = :user AND other_id = :other "
								+ "AND direction = 'B'")
						.param("user", userId)
						.param("other", blockerId)
						.query(Boolean.class)
						.optional()
						.filter((value) -> value == blocked)
						.isPresent()));
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(120, 120))).path("post_id").asLong();
	}

	private static List<Long> userIds(Reply reply, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().path(field).valueStream().map((item) -> item.path("user_id").asLong()).toList();
	}

}

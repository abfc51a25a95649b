package com.pixelgram.post.audience;

import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.AccountPrivacyChanged;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PrivateAccountTest extends PostIntegrationTest {

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Test
	void onlyFollowersSeeLikeAndCommentOnAPrivateAccountsPosts() {
		long author = newUser();
		long follower = newUser();
		long stranger = newUser();
		long postId = readyPost(author);
		Instant at = Instant.now();
		send(new FollowCreated(follower, author, 1, at));
		send(new AccountPrivacyChanged(author, true, at));
		awaitPrivate(author, true);
		awaitFollowing(author, follower, true);

		get(stranger, "/v1/posts/" + postId).assertProblem(404, "not-found");
		get(stranger, "/v1/users/" + author + "/posts").assertProblem(403, "forbidden");
		post(stranger, "/v1/posts/" + postId + "/like").assertProblem(404, "not-found");
		postJson(stranger, "/v1/posts/" + postId + "/comments", "{\"text\":\"hi\"}").assertProblem(404, "not-found");
		get(stranger, "/v1/posts/" + postId + "/likes").assertProblem(404, "not-found");
		assertThat(get(follower, "/v1/posts/" + postId).status()).isEqualTo(200);
		assertThat(get(follower, "/v1/users/" + author + "/posts").json().path("posts")).hasSize(1);
		assertThat(post(follower, "/v1/posts/" + postId + "/like").status()).isEqualTo(200);
		assertThat(get(author, "/v1/posts/" + postId).status()).isEqualTo(200);

		send(new FollowDeleted(follower, author, at.plusMillis(1)));
		send(new FollowCreated(follower, author, 1, at.minusSeconds(60)));
		awaitFollowing(author, follower, false);
		get(follower, "/v1/posts/" + postId).assertProblem(404, "not-found");

		send(new AccountPrivacyChanged(author, false, at.plusMillis(2)));
		awaitPrivate(author, false);
		assertThat(get(stranger, "/v1/posts/" + postId).status()).isEqualTo(200);
		assertThat(get(stranger, "/v1/users/" + author + "/posts").status()).isEqualTo(200);
	}

	@Test
	void aTagsPageShowsAPrivateAccountsPostsOnlyToFollowersAndNothingAcrossABlock() {
		String tag = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		long author = newUser();
		long follower = newUser();
		long stranger = newUser();
		long blocker = newUser();
		Reply upload = upload(author, TestImages.png(TestImages.photo(40, 40)), "photo.png", "image/png", "caption",
				"Harbour #" + tag);
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		long postId = upload.json().path("post_id").asLong();
		awaitStatus(author, postId, "READY");
		Instant at = Instant.now();
		send(new FollowCreated(follower, author, 1, at));
		send(new UserBlocked(blocker, author, at));
		awaitFollowing(author, follower, true);
		String page = "/v1/tags/" + tag + "/posts";

		assertThat(tagged(stranger, page)).containsExactly(postId);
		await().atMost(Duration.ofSeconds(20)).until(() -> tagged(blocker, page).isEmpty());

		send(new AccountPrivacyChanged(author, true, at));
		awaitPrivate(author, true);

		assertThat(tagged(stranger, page)).isEmpty();
		assertThat(tagged(follower, page)).containsExactly(postId);
		assertThat(tagged(author, page)).containsExactly(postId);
	}

	private List<Long> tagged(long viewer, String page) {
		Reply reply = get(viewer, page);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().path("posts").valueStream().map((post) -> post.path("post_id").asLong()).toList();
	}

	@Test
	void aPrivateAccountsMentionTellsANonFollowerWhoMentionedThemButNothingOfThePost() {
		long author = newUser();
		long follower = newUser();
		long stranger = newUser();
		Instant at = Instant.now();
		send(new FollowCreated(follower, author, 1, at));
		send(new AccountPrivacyChanged(author, true, at));
		awaitFollowing(author, follower, true);
		awaitPrivate(author, true);
		String caption = "with @user" + follower + " and @user" + stranger;
		Reply uploaded = upload(author, TestImages.png(TestImages.photo(120, 120)), "photo.png", "image/png", "caption",
				caption);
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(202);
		long postId = uploaded.json().path("post_id").asLong();
		String thumbnail = awaitStatus(author, postId, "READY").path("thumbnail_url").asString();

		JsonNode toFollower = mention(postId, null, follower);
		assertThat(toFollower.path("post_visible").asBoolean()).isTrue();
		assertThat(toFollower.path("text").asString()).isEqualTo(caption);
		assertThat(toFollower.path("thumbnail_url").asString()).isEqualTo(thumbnail);
		JsonNode toStranger = mention(postId, null, stranger);
		assertThat(toStranger.path("post_visible").isBoolean()).isTrue();
		assertThat(toStranger.path("post_visible").asBoolean()).isFalse();
		assertThat(toStranger.path("actor_id").asString()).isEqualTo(Long.toString(author));
		assertThat(toStranger.path("text").isNull() || toStranger.path("text").isMissingNode()).isTrue();
		assertThat(toStranger.path("thumbnail_url").isNull() || toStranger.path("thumbnail_url").isMissingNode())
			.isTrue();

		// A follower's comment on it: the author sees the post, the stranger does not.
		long comment = postJson(follower, "/v1/posts/" + postId + "/comments",
				"{\"text\":\"@user" + author + " @user" + stranger + " look\"}")
			.json()
			.path("comment_id")
			.asLong();
		assertThat(mention(postId, comment, author).path("post_visible").asBoolean()).isTrue();
		assertThat(mention(postId, comment, author).path("text").asString()).endsWith("look");
		assertThat(mention(postId, comment, stranger).path("post_visible").asBoolean()).isFalse();
		assertThat(mention(postId, comment, stranger).path("text").isNull()
				|| mention(postId, comment, stranger).path("text").isMissingNode())
			.isTrue();

		// Once the stranger follows, their new mentions carry the post again.
		send(new FollowCreated(stranger, author, 2, at.plusMillis(1)));
		awaitFollowing(author, stranger, true);
		long later = postJson(follower, "/v1/posts/" + postId + "/comments",
				"{\"text\":\"again @user" + stranger + "\"}")
			.json()
			.path("comment_id")
			.asLong();
		JsonNode followed = mention(postId, later, stranger);
		assertThat(followed.path("post_visible").asBoolean()).isTrue();
		assertThat(followed.path("thumbnail_url").asString()).isEqualTo(thumbnail);

		// And once the author is public, so do everyone's.
		long passerby = newUser();
		send(new AccountPrivacyChanged(author, false, at.plusMillis(2)));
		awaitPrivate(author, false);
		Reply edited = patchJson(author, "/v1/posts/" + postId,
				"{\"caption\":\"" + caption + " and @user" + passerby + "\"}");
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		JsonNode toPasserby = mention(postId, null, passerby);
		assertThat(toPasserby.path("post_visible").asBoolean()).isTrue();
		assertThat(toPasserby.path("text").asString()).endsWith("@user" + passerby);
		assertThat(toPasserby.path("thumbnail_url").asString()).isEqualTo(thumbnail);
	}

	/**
	 * The UserMentioned event of a caption ({@code commentId} null) or comment to a user.
	 */
	private JsonNode mention(long postId, Long commentId, long recipient) {
		String payload = this.shards.read(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("SELECT payload->'payload' FROM outbox.message WHERE event_type = 'UserMentioned' "
							+ "AND payload->'payload'->>'post_id' = :post "
							+ "AND payload->'payload'->>'mentioned_user_id' = :recipient "
							+ "AND payload->'payload'->>'comment_id' IS NOT DISTINCT FROM :comment ORDER BY id LIMIT 1")
					.param("post", Long.toString(postId))
					.param("recipient", Long.toString(recipient))
					.param("comment", (commentId != null) ? Long.toString(commentId) : null, Types.VARCHAR)
					.query(String.class)
					.single());
		return JSON.readTree(payload);
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		String body = this.codec.encode(UUID.randomUUID(), Instant.now(), event);
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	private void awaitPrivate(long author, boolean isPrivate) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(author),
					() -> this.shards.jdbc()
						.sql("SELECT is_private FROM author_privacy WHERE author_id = :author")
						.param("author", author)
						.query(Boolean.class)
						.optional()
						.filter((value) -> value == isPrivate)
						.isPresent()));
	}

	private void awaitFollowing(long author, long follower, boolean following) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(author), () -> this.shards.jdbc()
				.sql("SELECT following FROM follower_copy WHERE author_id = :author AND follower_id = :follower")
				.param("author", author)
				.param("follower", follower)
				.query(Boolean.class)
				.optional()
				.filter((value) -> value == following)
				.isPresent()));
	}

	private long readyPost(long author) {
		return uploadReady(author, TestImages.png(TestImages.photo(120, 120))).path("post_id").asLong();
	}

}

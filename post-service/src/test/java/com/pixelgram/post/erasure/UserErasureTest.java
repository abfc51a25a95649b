package com.pixelgram.post.erasure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.events.AccountPrivacyChanged;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code UserDeleted} through {@code post-events} leaves nothing of the user in any
 * shard or in the bucket, and corrects the counts of the posts they liked and commented.
 */
class UserErasureTest extends PostIntegrationTest {

	/** Every post-service table of a shard and the columns that may hold a user ID. */
	private static final Map<String, List<String>> USER_COLUMNS = Map.of("post", List.of("user_id"), "post_like",
			List.of("user_id"), "comment", List.of("user_id"), "upload_idempotency", List.of("user_id"), "block_pair",
			List.of("user_id", "other_id"), "author_privacy", List.of("author_id"), "follower_copy",
			List.of("author_id", "follower_id"), "erased_user", List.of("user_id"), "data_export_job",
			List.of("user_id"));

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Autowired
	S3Client s3;

	@Autowired
	UserErasure erasure;

	@Test
	void aDeletedUsersPostsLikesCommentsAndPhotosGoAndOthersCountsAreCorrected() {
		long deleted = newUser();
		long author = newUser();
		long friend = newUser();
		String tag = "gone" + Long.toString(deleted, 36);
		long ownPost = readyPost(deleted, "my last #" + tag);
		long otherOwnPost = readyPost(deleted, "another");
		long othersPost = readyPost(author, "a post");
		like(friend, ownPost);
		comment(friend, ownPost, "nice", null);
		like(deleted, othersPost);
		like(friend, othersPost);
		long friendsComment = comment(friend, othersPost, "first", null);
		long deletedsComment = comment(deleted, othersPost, "second", null);
		comment(friend, othersPost, "a reply to the deleted user", deletedsComment);
		comment(deleted, othersPost, "a reply to the friend", friendsComment);
		send(new UserBlocked(deleted, friend, Instant.now()));
		send(new FollowCreated(friend, deleted, 1, Instant.now()));
		send(new FollowCreated(deleted, author, 1, Instant.now()));
		send(new AccountPrivacyChanged(deleted, true, Instant.now()));
		List<String> mediaKeys = mediaKeysOf(deleted);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(references(deleted)).contains("block_pair.user_id", "block_pair.other_id",
					"follower_copy.author_id", "follower_copy.follower_id", "author_privacy.author_id"));
		assertThat(objectsOf(mediaKeys)).hasSize(2 * 5);
		assertThat(counts(othersPost)).containsExactly(2L, 4L);

		UserDeleted event = new UserDeleted(deleted, Instant.now());
		send(event);
		send(event);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(references(deleted)).containsExactly("erased_user.user_id"));
		// What user-service's erasure sends after UserDeleted: the end of each follow and
		// block. Handled like any other event after it, they write no copy back.
		send(new FollowDeleted(friend, deleted, Instant.now()));
		send(new FollowDeleted(deleted, author, Instant.now()));
		send(new UserUnblocked(deleted, friend, Instant.now()));
		awaitQueueEmpty();
		assertThat(references(deleted)).containsExactly("erased_user.user_id");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(objectsOf(mediaKeys)).isEmpty());
		// The friend's like and two comments (one a reply under the deleted user's
		// comment,
		// which stays as a tombstone of nobody).
		assertThat(counts(othersPost)).containsExactly(1L, 2L);
		assertThat(liveComments(othersPost)).isEqualTo(2);
		assertThat(get(friend, "/v1/posts/" + ownPost).status()).isEqualTo(404);
		assertThat(get(friend, "/v1/posts/" + otherOwnPost).status()).isEqualTo(404);
		assertThat(tagged(tag)).isZero();
		assertThat(outboxEvents(ownPost)).containsExactly("PostPublished", "LikeCreated", "CommentCreated",
				"PostDeleted");
		assertThat(outboxEvents(otherOwnPost)).containsExactly("PostPublished", "PostDeleted");
		assertThat(outboxEvents(othersPost)).containsSubsequence("LikeDeleted", "CommentDeleted", "CommentDeleted");
		assertThat(outboxEvents(othersPost).stream().filter("LikeDeleted"::equals)).hasSize(1);
		assertThat(outboxEvents(othersPost).stream().filter("CommentDeleted"::equals)).hasSize(2);
		assertThat(get(friend, "/v1/posts/" + othersPost).json().path("likes_count").asLong()).isEqualTo(1);
	}

	@Test
	void theSecondErasureTakesWhatTheAccountDidAfterwardsAndForgetsTheAccount() {
		long deleted = newUser();
		long author = newUser();
		long othersPost = readyPost(author, "a post");
		send(new UserDeleted(deleted, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(references(deleted)).containsExactly("erased_user.user_id"));
		// With an access token issued before the deletion, still valid for a while.
		long latePost = readyPost(deleted, "too late");
		like(deleted, othersPost);
		List<String> mediaKeys = mediaKeysOf(deleted);

		this.erasure.sweep(Instant.now());
		assertThat(references(deleted)).contains("post.user_id", "post_like.user_id");
		this.erasure.sweep(Instant.now().plus(Duration.ofMinutes(31)));

		assertThat(references(deleted)).isEmpty();
		assertThat(counts(othersPost)).containsExactly(0L, 0L);
		assertThat(get(author, "/v1/posts/" + latePost).status()).isEqualTo(404);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(objectsOf(mediaKeys)).isEmpty());
	}

	private long readyPost(long author, String caption) {
		Reply reply = upload(author, TestImages.png(TestImages.photo(120, 120)), "photo.png", "image/png", "caption",
				caption);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		awaitStatus(author, postId, "READY");
		return postId;
	}

	private void like(long userId, long postId) {
		assertThat(post(userId, "/v1/posts/" + postId + "/like").status()).isEqualTo(200);
	}

	private long comment(long userId, long postId, String text, Long replyTo) {
		String body = (replyTo != null) ? "{\"text\":\"" + text + "\",\"reply_to\":\"" + replyTo + "\"}"
				: "{\"text\":\"" + text + "\"}";
		Reply reply = postJson(userId, "/v1/posts/" + postId + "/comments", body);
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply.json().path("comment_id").asLong();
	}

	/** Until post-events holds no message, waiting or in flight. */
	private void awaitQueueEmpty() {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Map<QueueAttributeName, String> attributes = this.sqs
				.getQueueAttributes((request) -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.join()
				.attributes();
			return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
					&& "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
		});
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("post-events")))
			.join()
			.queueUrl();
		String body = this.codec.encode(UUID.randomUUID(), Instant.now(), event);
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	/** Every "table.column" of any shard that names the user. */
	private List<String> references(long userId) {
		List<String> found = new ArrayList<>();
		USER_COLUMNS.forEach((table, columns) -> {
			for (String column : columns) {
				for (int shard = 0; shard < this.shards.count(); shard++) {
					long rows = this.shards.read(shard,
							() -> this.shards.jdbc()
								.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :id")
								.param("id", userId)
								.query(Long.class)
								.single());
					if (rows > 0) {
						found.add(table + "." + column);
						break;
					}
				}
			}
		});
		return found;
	}

	private List<String> mediaKeysOf(long userId) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT media_key FROM post WHERE user_id = :id")
					.param("id", userId)
					.query(String.class)
					.list());
	}

	/** The keys of every object in the bucket that belongs to one of the media keys. */
	private List<String> objectsOf(List<String> mediaKeys) {
		List<String> keys = new ArrayList<>();
		String token = null;
		do {
			String continuation = token;
			var page = this.s3.listObjectsV2((request) -> request.bucket(BUCKET).continuationToken(continuation));
			page.contents()
				.stream()
				.map(S3Object::key)
				.filter((key) -> mediaKeys.stream().anyMatch(key::contains))
				.forEach(keys::add);
			token = page.isTruncated() ? page.nextContinuationToken() : null;
		}
		while (token != null);
		return keys;
	}

	/** {likes_count, comments_count} of the post's row. */
	private List<Long> counts(long postId) {
		return this.shards.read(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("SELECT likes_count, comments_count FROM post WHERE post_id = :id")
					.param("id", postId)
					.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
					.single());
	}

	private long liveComments(long postId) {
		return this.shards.read(this.shards.shardOf(postId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM comment WHERE post_id = :id AND NOT deleted")
					.param("id", postId)
					.query(Long.class)
					.single());
	}

	private long tagged(String tag) {
		long rows = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			rows += this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT count(*) FROM tag_post WHERE tag = :tag")
						.param("tag", tag)
						.query(Long.class)
						.single());
		}
		return rows;
	}

}

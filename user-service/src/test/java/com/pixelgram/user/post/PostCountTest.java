package com.pixelgram.user.post;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostPublished;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostCountTest extends UserIntegrationTest {

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Autowired
	IdGenerator ids;

	@Autowired
	Shards shards;

	UserEventsQueue queue;

	TestUser author;

	TestUser viewer;

	@BeforeEach
	void setUp() {
		this.queue = new UserEventsQueue(this.sqs, this.codec, this.topology);
		this.author = register();
		this.viewer = register();
	}

	@Test
	void aPublishedPostRaisesItsAuthorsPostCount() {
		// Cached with no posts, so that the change must evict it.
		assertThat(postsCount()).isZero();

		this.queue.send(published(newPostId()));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(postsCount()).isEqualTo(1));
		assertThat(livePostRows()).isEqualTo(1);
	}

	@Test
	void aPublicationDeliveredTwiceCountsOnce() {
		PostPublished post = published(newPostId());
		String message = this.queue.envelope(post);

		this.queue.send(message);
		this.queue.send(message);
		// The same post again under another event ID: counted by post, not by event.
		this.queue.send(post);
		this.queue.awaitDrained();

		assertThat(postsCount()).isEqualTo(1);
	}

	@Test
	void aDeletedPostLowersTheCountOnce() {
		long kept = newPostId();
		long deleted = newPostId();
		this.queue.send(published(kept));
		this.queue.send(published(deleted));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(postsCount()).isEqualTo(2));

		String deletion = this.queue.envelope(deleted(deleted));
		this.queue.send(deletion);
		this.queue.send(deletion);
		this.queue.awaitDrained();

		assertThat(postsCount()).isEqualTo(1);
		assertThat(livePostRows()).isEqualTo(1);
	}

	@Test
	void aDeletionThatOvertakesItsPublicationLeavesThePostUncounted() {
		long post = newPostId();

		this.queue.send(deleted(post));
		this.queue.awaitDrained();
		this.queue.send(published(post));
		this.queue.awaitDrained();

		assertThat(postsCount()).isZero();
		assertThat(livePostRows()).isZero();
		// The author's other posts still count.
		this.queue.send(published(newPostId()));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(postsCount()).isEqualTo(1));
	}

	@Test
	void acknowledgesAndIgnoresEventsItDoesNotHandle() {
		this.queue.send(new FollowCreated(this.viewer.id(), this.author.id(), 1, Instant.now()));
		this.queue.send("""
				{"event_id": "%s", "type": "PostArchived", "version": 2, "occurred_at": "2026-12-01T10:00:00Z",
				 "payload": {"post_id": "%d", "author_id": "%d"}}
				""".formatted(UUID.randomUUID(), newPostId(), this.author.id()));

		this.queue.awaitDrained();

		assertThat(postsCount()).isZero();
	}

	@Test
	void eventsAboutADeletedAccountsPostsLeaveNoRowOfIt() {
		long post = newPostId();
		this.queue.send(published(post));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(postsCount()).isEqualTo(1));
		api()
			.send(org.springframework.http.HttpMethod.DELETE, "/v1/users/me",
					com.pixelgram.user.support.Api.json("password", this.author.password()), this.author.accessToken(),
					java.util.Map.of())
			.assertStatus(202);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(postRows()).isZero());

		// post-service's erasure deletes the post, and a late publication comes too.
		this.queue.send(deleted(post));
		this.queue.send(published(newPostId()));
		this.queue.awaitDrained();

		assertThat(postRows()).isZero();
	}

	private long postRows() {
		return this.shards.read(IdGenerator.shardOf(this.author.id()),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM user_post WHERE user_id = :id")
					.param("id", this.author.id())
					.query(Long.class)
					.single());
	}

	private long postsCount() {
		return api().get("/v1/users/" + this.author.id(), this.viewer.accessToken())
			.assertStatus(200)
			.path("posts_count")
			.asLong();
	}

	private long livePostRows() {
		return this.shards.read(IdGenerator.shardOf(this.author.id()),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM user_post WHERE user_id = :id AND NOT deleted")
					.param("id", this.author.id())
					.query(Long.class)
					.single());
	}

	private long newPostId() {
		// A post lives in its author's shard.
		return this.ids.nextId(IdGenerator.shardOf(this.author.id()));
	}

	private PostPublished published(long postId) {
		return new PostPublished(postId, this.author.id(), "https://cdn.example.com/p/" + postId + "/1080.jpg",
				"https://cdn.example.com/p/" + postId + "/150.jpg", "a caption", Instant.now());
	}

	private PostDeleted deleted(long postId) {
		return new PostDeleted(postId, this.author.id(), Instant.now());
	}

}

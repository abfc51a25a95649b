package com.pixelgram.feed.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.UserUpdated;
import com.pixelgram.feed.store.FeedStore;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedEventsTest extends FeedIntegrationTest {

	@Test
	void aNewFollowBackfillsTheFolloweesRecentPosts() {
		long follower = TestIds.user();
		long followee = TestIds.user();
		Post first = POSTS.post(followee, Duration.ofHours(3));
		Post second = POSTS.post(followee, Duration.ofHours(2));
		assertThat(feed(follower, "").postIds()).isEmpty();
		USERS.follow(follower, followee);

		publish(new FollowCreated(follower, followee, 1, Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> inFeed(follower, first.id()) && inFeed(follower, second.id()));
		assertThat(feed(follower, "").postIds()).as("the next page 1 shows them")
			.containsExactly(second.id(), first.id());
	}

	@Test
	void anUnfollowRemovesTheFolloweesPosts() {
		long follower = TestIds.user();
		long followee = TestIds.user();
		long friend = TestIds.user();
		USERS.follow(follower, followee);
		USERS.follow(follower, friend);
		Post kept = POSTS.post(friend, Duration.ofHours(1));
		Post gone = POSTS.post(followee, Duration.ofMinutes(30));
		assertThat(feed(follower, "").postIds()).containsExactly(gone.id(), kept.id());
		USERS.unfollow(follower, followee);

		publish(new FollowDeleted(follower, followee, Instant.now()));

		await().atMost(Duration.ofSeconds(20)).until(() -> !inFeed(follower, gone.id()));
		assertThat(feedOf(follower)).containsExactly(kept.id());
		assertThat(feed(follower, "").postIds()).containsExactly(kept.id());
	}

	@Test
	void aFollowRedeliveredAfterTheUnfollowDoesNotBringThePostsBack() {
		long follower = TestIds.user();
		long followee = TestIds.user();
		Post post = POSTS.post(followee, Duration.ofHours(1));
		Instant followedAt = Instant.now().minusSeconds(60);
		USERS.follow(follower, followee);
		publish(new FollowCreated(follower, followee, 1, followedAt));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		USERS.unfollow(follower, followee);
		publish(new FollowDeleted(follower, followee, followedAt.plusSeconds(30)));
		await().atMost(Duration.ofSeconds(20)).until(() -> !inFeed(follower, post.id()));

		publish(new FollowCreated(follower, followee, 1, followedAt));

		awaitQueueDrained();
		assertThat(inFeed(follower, post.id())).as("the stale follow was not applied").isFalse();
		publish(new FollowCreated(follower, followee, 1, followedAt.plusSeconds(45)));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
	}

	@Test
	void aDeletedPostLeavesEveryFeedAndNeverComesBackFromACache() {
		long author = TestIds.user();
		List<Long> followers = users(3);
		long reader = followers.get(0);
		USERS.followers(author, followers);
		markActive(followers);
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		publish(published(post));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> followers.stream().allMatch((follower) -> inFeed(follower, post.id())));
		assertThat(feed(reader, "").postIds()).contains(post.id());
		POSTS.delete(post.id());

		publish(new PostDeleted(post.id(), author, Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> followers.stream().noneMatch((follower) -> inFeed(follower, post.id())));
		assertThat(inFeed(author, post.id())).isFalse();
		assertThat(this.redis.opsForZSet().score(this.keys.authorPosts(author), Long.toString(post.id()))).isNull();
		assertThat(this.redis.opsForHash().entries(this.keys.post(post.id()))).as("only the deleted mark is cached")
			.containsOnlyKeys("deleted");
		assertThat(this.redis.getExpire(this.keys.deleted(post.id()))).as("the tombstone outlives snapshots")
			.isGreaterThan(Duration.ofMinutes(30).toSeconds());
		// A racing read re-caches its fields, and the reader's feed still names it:
		this.redis.opsForHash()
			.putAll(this.keys.post(post.id()), Map.of("post_id", Long.toString(post.id()), "user_id",
					Long.toString(author), "width", "1080", "height", "1350"));
		this.redis.opsForZSet().add(this.keys.feed(reader), Long.toString(post.id()), FeedStore.score(post.id()));
		assertThat(feed(reader, "").postIds()).doesNotContain(post.id());
	}

	@Test
	void aPublishArrivingAfterTheDeleteIsNotFannedOut() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		publish(new PostDeleted(post.id(), author, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.hasKey(this.keys.deleted(post.id())));

		publish(published(post));

		awaitQueueDrained();
		assertThat(inFeed(follower, post.id())).isFalse();
		assertThat(inFeed(author, post.id())).isFalse();
	}

	@Test
	void likesAndCommentsMoveCachedCountsAndAffinityOnceEvenWhenRedelivered() {
		long viewer = TestIds.user();
		long author = TestIds.user();
		USERS.follow(viewer, author);
		Post post = POSTS.post(author, Duration.ofMinutes(5), 3, 1);
		feed(viewer, "");
		String like = this.codec.encode(UUID.randomUUID(), Instant.now(),
				new LikeCreated(post.id(), author, viewer, Instant.now()));

		send(like);
		send(like);
		publish(new CommentCreated(TestIds.user(), post.id(), author, viewer, "nice", Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> "2".equals(this.redis.opsForHash().get(this.keys.post(post.id()), "comments_count")));
		awaitQueueDrained();
		assertThat(this.redis.opsForHash().get(this.keys.post(post.id()), "likes_count")).isEqualTo("4");
		assertThat(this.redis.opsForHash().get(this.keys.affinity(viewer), Long.toString(author))).isEqualTo("3");

		publish(new LikeDeleted(post.id(), author, viewer, Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> "3".equals(this.redis.opsForHash().get(this.keys.post(post.id()), "likes_count")));
		assertThat(this.redis.opsForHash().get(this.keys.affinity(viewer), Long.toString(author))).isEqualTo("2");
	}

	@Test
	void aLikeOrCommentHandledBeforeThePostsPublicationStillCountsAndARedeliveredPublicationKeepsTheCounts() {
		long viewer = TestIds.user();
		long author = TestIds.user();
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		String key = this.keys.post(post.id());
		publish(new LikeCreated(post.id(), author, viewer, Instant.now()));
		publish(new CommentCreated(TestIds.user(), post.id(), author, viewer, "first", Instant.now()));
		awaitQueueDrained();

		publish(published(post));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.opsForHash().hasKey(key, "view"));
		awaitQueueDrained();
		assertThat(this.redis.opsForHash().multiGet(key, List.of("likes_count", "comments_count"))).containsExactly("1",
				"1");

		publish(published(post));
		awaitQueueDrained();
		assertThat(this.redis.opsForHash().multiGet(key, List.of("likes_count", "comments_count"))).containsExactly("1",
				"1");
	}

	@Test
	void aUserUpdateRefreshesTheCelebrityFlagAndEvictsTheCachedAuthor() {
		long viewer = TestIds.user();
		long author = TestIds.user();
		USERS.follow(viewer, author);
		long postId = POSTS.post(author, Duration.ofMinutes(5)).id();
		assertThat(feed(viewer, "").post(postId).path("author").path("username").asString()).isEqualTo("user" + author);
		assertThat(this.redis.hasKey(this.keys.author(author))).isTrue();

		USERS.rename(author, "new-name");
		publish(new UserUpdated(author, "new-name", "New Name", null, 5000, Instant.now()));

		await().atMost(Duration.ofSeconds(20)).until(() -> !this.redis.hasKey(this.keys.author(author)));
		assertThat(this.redis.opsForValue().get(this.keys.followerCount(author))).isEqualTo("5000");
		// The process kept the author it showed; the update evicted that copy too.
		assertThat(feed(viewer, "").post(postId).path("author").path("username").asString())
			.as("the next page shows the new name, not the one this process kept")
			.isEqualTo("new-name");
	}

	@Test
	void aPoisonMessageEndsInTheDeadLetterQueue() {
		String poison = "{\"not\": \"an envelope\" " + UUID.randomUUID() + "}";

		send(poison);

		String deadLetters = queueUrl("feed-events-dlq");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.sqs
				.receiveMessage((request) -> request.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(1))
				.join()
				.messages()
				.stream()
				.anyMatch((message) -> message.body().equals(poison)));
	}

	@Test
	void anEventOfAnUnknownTypeIsAcknowledgedAndIgnored() {
		String eventId = UUID.randomUUID().toString();
		send("{\"event_id\":\"" + eventId
				+ "\",\"type\":\"StoryPosted\",\"version\":1,\"occurred_at\":\"2026-11-01T00:00:00Z\",\"payload\":{}}");

		awaitQueueDrained();
		String deadLetters = queueUrl("feed-events-dlq");
		assertThat(this.sqs
			.receiveMessage((request) -> request.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(1))
			.join()
			.messages()).noneMatch((message) -> message.body().contains(eventId));
	}

}

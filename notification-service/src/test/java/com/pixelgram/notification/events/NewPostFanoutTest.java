package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostPublished;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NewPostFanoutTest extends NotificationIntegrationTest {

	@Test
	void aNewPostNotifiesEveryFollowerOfAnAuthorBelowTheCelebrityThreshold() {
		long author = user("photographer", 2, CELEBRITY_THRESHOLD - 1);
		List<Long> followers = followers(author, 0, 3, 5, 7);
		long stranger = user("stranger");
		long post = postId(author);

		UUID eventId = publish(published(post, author));

		for (long follower : followers) {
			JsonNode item = awaitNotifications(follower, 1).get(0);
			assertThat(item.path("type").asString()).isEqualTo("NEW_POST");
			assertThat(item.path("actor").path("username").asString()).isEqualTo("photographer");
			assertThat(item.path("post").path("post_id").asString()).isEqualTo(Long.toString(post));
			assertThat(item.path("post").path("thumbnail_url").asString()).isEqualTo(thumbnail(post));
			assertThat(item.path("summary").asString()).isEqualTo("photographer shared a new post");
		}
		awaitProcessed(eventId, author);
		assertThat(notifications(author)).isEmpty();
		assertThat(notifications(stranger)).isEmpty();
	}

	@Test
	void aRedeliveredOrReplayedNewPostNotifiesNobodyTwice() {
		long author = user("repeater", 1, 2);
		List<Long> followers = followers(author, 4, 6);
		long post = postId(author);
		UUID eventId = UUID.randomUUID();
		Instant at = Instant.now();

		publish(eventId, at, published(post, author));
		publish(eventId, at, published(post, author));
		UUID replay = publish(UUID.randomUUID(), at, published(post, author));

		awaitProcessed(eventId, author);
		awaitProcessed(replay, author);
		for (long follower : followers) {
			assertThat(notifications(follower)).hasSize(1);
		}
	}

	@Test
	void aCelebritysNewPostNotifiesOnlyTheFollowersWhoOptedIn() {
		long celebrity = user("star", 3, CELEBRITY_THRESHOLD);
		List<Long> followers = followers(celebrity, 0, 1, 5, 6);
		long optedIn = followers.get(0);
		long alsoOptedIn = followers.get(2);
		long optedOut = followers.get(3);
		subscribe(optedIn, celebrity, true);
		subscribe(alsoOptedIn, celebrity, true);
		subscribe(optedOut, celebrity, true);
		subscribe(optedOut, celebrity, false);

		UUID eventId = publish(published(postId(celebrity), celebrity));

		awaitNotifications(optedIn, 1);
		awaitNotifications(alsoOptedIn, 1);
		awaitProcessed(eventId, celebrity);
		assertThat(notifications(followers.get(1))).isEmpty();
		assertThat(notifications(optedOut)).isEmpty();
	}

	@Test
	void aDeletedPostTakesItsNotificationsAlongInEveryShard() {
		long author = user("regretful", 5, 2);
		List<Long> followers = followers(author, 0, 7);
		long fan = followers.get(0);
		long post = postId(author);
		publish(published(post, author));
		publish(new LikeCreated(post, author, fan, Instant.now()));
		awaitNotifications(followers.get(1), 1);
		awaitNotifications(author, 1);

		UUID deleted = publish(new PostDeleted(post, author, Instant.now()));

		awaitProcessed(deleted, author);
		assertThat(notifications(author)).isEmpty();
		for (long follower : followers) {
			assertThat(notifications(follower)).isEmpty();
		}
		UUID lateLike = publish(new LikeCreated(post, author, followers.get(1), Instant.now().minusSeconds(1)));
		awaitProcessed(lateLike, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void aPostDeletedBeforeItsPublicationIsNeverFannedOut() {
		long author = user("hasty", 4, 1);
		long follower = followers(author, 2).get(0);
		long post = postId(author);

		UUID deleted = publish(new PostDeleted(post, author, Instant.now()));
		awaitProcessed(deleted, author);
		UUID published = publish(published(post, author));

		awaitProcessed(published, author);
		assertThat(notifications(follower)).isEmpty();
	}

	@Test
	void anUnfollowEndsThePostNotificationsSubscription() {
		long celebrity = user("idol", 6, CELEBRITY_THRESHOLD * 2);
		long fan = followers(celebrity, 1).get(0);
		subscribe(fan, celebrity, true);

		SERVICES.unfollow(fan, celebrity);
		UUID unfollow = publish(new FollowDeleted(fan, celebrity, Instant.now()));

		awaitProcessed(unfollow, celebrity);
		assertThat(subscribed(fan, celebrity)).isFalse();
	}

	@Test
	void anUnfollowEndsTheSubscriptionWhateverTheTimesOfBoth() {
		// The unfollow's time is the user-service's clock, the subscription's the
		// database's: an unfollow stamped before the subscription (a clock behind, or a
		// follow check that passed just before the unfollow) must end it all the same.
		long celebrity = user("drifting", 2, CELEBRITY_THRESHOLD);
		long fan = followers(celebrity, 5).get(0);
		subscribe(fan, celebrity, true);

		SERVICES.unfollow(fan, celebrity);
		Instant anHourAgo = Instant.now().minusSeconds(3600);
		UUID unfollow = publish(UUID.randomUUID(), anHourAgo, new FollowDeleted(fan, celebrity, anHourAgo));

		awaitProcessed(unfollow, celebrity);
		assertThat(subscribed(fan, celebrity)).isFalse();
	}

	@Test
	void anUnfollowUndoneByANewFollowKeepsTheSubscription() {
		long celebrity = user("forgiven", 4, CELEBRITY_THRESHOLD);
		long fan = followers(celebrity, 3).get(0);
		subscribe(fan, celebrity, true);

		// Unfollowed and followed again: the unfollow's event arrives after both.
		UUID unfollow = publish(new FollowDeleted(fan, celebrity, Instant.now()));

		awaitProcessed(unfollow, celebrity);
		assertThat(subscribed(fan, celebrity)).isTrue();
	}

	@Test
	void aFormerFollowersSubscriptionBringsNoNewPostNotifications() {
		long celebrity = user("moving-on", 7, CELEBRITY_THRESHOLD);
		List<Long> fans = followers(celebrity, 1, 6);
		long stays = fans.get(0);
		long leaves = fans.get(1);
		subscribe(stays, celebrity, true);
		subscribe(leaves, celebrity, true);
		SERVICES.unfollow(leaves, celebrity);
		UUID unfollow = publish(new FollowDeleted(leaves, celebrity, Instant.now()));
		awaitProcessed(unfollow, celebrity);

		UUID post = publish(published(postId(celebrity), celebrity));

		awaitNotifications(stays, 1);
		awaitProcessed(post, celebrity);
		assertThat(notifications(leaves)).isEmpty();
	}

	@Test
	void aFanoutThatMeetsUserServiceDownIsRetriedFromTheQueue() {
		long author = user("patient", 0, 1);
		long follower = followers(author, 3).get(0);
		int downAnswers = SERVICES.answeredDown();

		SERVICES.down(true);
		try {
			publish(published(postId(author), author));
			await().atMost(Duration.ofSeconds(20)).until(() -> SERVICES.answeredDown() > downAnswers);
		}
		finally {
			SERVICES.down(false);
		}

		awaitNotifications(follower, 1);
	}

	@Test
	void aFanoutThatOutlastsTheVisibilityTimeoutKeepsItsMessageAndRunsOnce() {
		// Four pages of followers, each answered in 1 s: together more than twice the 2 s
		// visibility timeout of the tests. A message that came back meanwhile would be
		// handled a second time, asking for the first page again.
		long author = user("slow-author", 7, CELEBRITY_THRESHOLD - 1);
		List<Long> followers = followers(author, 0, 1, 2, 3, 4, 5, 6);
		SERVICES.slowFollowerPages(author, Duration.ofSeconds(1));

		UUID eventId = publish(published(postId(author), author));

		awaitProcessed(eventId, author);
		for (long follower : followers) {
			assertThat(notifications(follower)).hasSize(1);
		}
		assertThat(SERVICES.followerPageCalls(author)).isEqualTo(4);
	}

	private List<Long> followers(long author, int... shards) {
		List<Long> ids = new ArrayList<>();
		for (int shard : shards) {
			long follower = user("follower-" + shard, shard, 0);
			SERVICES.follow(follower, author);
			ids.add(follower);
		}
		return ids;
	}

	private void subscribe(long follower, long author, boolean enabled) {
		api().put("/v1/users/" + author + "/post-notifications", "{\"enabled\": " + enabled + "}", token(follower))
			.assertStatus(200);
	}

	private boolean subscribed(long follower, long author) {
		return api().get("/v1/users/" + author + "/post-notifications", token(follower))
			.assertStatus(200)
			.path("enabled")
			.asBoolean();
	}

	private static PostPublished published(long post, long author) {
		return new PostPublished(post, author, "https://cdn.test/r/" + post + "/1080.jpg", thumbnail(post), "caption",
				Instant.now());
	}

	private static String thumbnail(long post) {
		return "https://cdn.test/r/" + post + "/thumb.jpg";
	}

}

package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockAndMuteNotificationTest extends NotificationIntegrationTest {

	@Test
	void aMutedUsersLikesCommentsFollowsAndPostsNotifyTheMuterNoMore() {
		long muter = user("muter", 3, 0);
		long muted = user("muted", 5, 0);
		long other = user("other");
		long post = postId(muter);
		SERVICES.follow(muter, muted);
		Instant at = Instant.now();
		publish(new UserMuted(muter, muted, at));
		awaitSilenced(muter, muted, "m", true);

		UUID like = publish(new LikeCreated(post, muter, muted, Instant.now()));
		UUID comment = publish(new CommentCreated(postId(muter), post, muter, muted, "hi", Instant.now()));
		UUID follow = publish(new FollowCreated(muted, muter, 1, Instant.now()));
		UUID newPost = publish(published(postId(muted), muted));
		publish(new LikeCreated(post, muter, other, Instant.now()));

		awaitProcessed(like, muter);
		awaitProcessed(comment, muter);
		awaitProcessed(follow, muter);
		awaitProcessed(newPost, muted);
		JsonNode list = awaitNotifications(muter, 1);
		assertThat(list).hasSize(1);
		assertThat(list.get(0).path("actor").path("user_id").asString()).isEqualTo(Long.toString(other));
		assertThat(list.get(0).path("actors_count").asInt()).isEqualTo(1);

		// The muted user is not told and still hears of the muter.
		publish(new LikeCreated(postId(muted), muted, muter, Instant.now()));
		awaitNotifications(muted, 1);

		publish(new UserUnmuted(muter, muted, at.plusMillis(1)));
		awaitSilenced(muter, muted, "m", false);
		publish(new CommentCreated(postId(muter), post, muter, muted, "back", Instant.now()));
		awaitNotifications(muter, 2);
	}

	@Test
	void aBlockTakesWhatEachNotifiedTheOtherAwayAndStopsTheRest() {
		long blocker = user("blocker", 1, 0);
		long blocked = user("blocked", 6, 0);
		long fan = user("fan");
		long post = postId(blocker);
		long theirPost = postId(blocked);
		Instant before = Instant.now().minusSeconds(5);
		publish(new LikeCreated(post, blocker, fan, before));
		publish(new LikeCreated(post, blocker, blocked, before.plusSeconds(1)));
		publish(new FollowCreated(blocked, blocker, 1, before));
		publish(new CommentCreated(postId(blocker), post, blocker, blocked, "rude", before));
		publish(new LikeCreated(theirPost, blocked, blocker, before));
		awaitNotifications(blocker, 3);
		awaitNotifications(blocked, 1);

		Instant at = Instant.now();
		publish(new UserBlocked(blocker, blocked, at));
		awaitSilenced(blocker, blocked, "b", true);
		awaitSilenced(blocked, blocker, "B", true);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode left = notifications(blocker);
			assertThat(left).hasSize(1);
			assertThat(left.get(0).path("type").asString()).isEqualTo("LIKE");
			assertThat(left.get(0).path("actor").path("user_id").asString()).isEqualTo(Long.toString(fan));
			assertThat(left.get(0).path("actors_count").asInt()).isEqualTo(1);
			assertThat(notifications(blocked)).isEmpty();
		});
		UUID late = publish(new LikeCreated(postId(blocker), blocker, blocked, Instant.now()));
		UUID back = publish(new FollowCreated(blocker, blocked, 1, Instant.now()));
		awaitProcessed(late, blocker);
		awaitProcessed(back, blocked);
		assertThat(notifications(blocker)).hasSize(1);
		assertThat(notifications(blocked)).isEmpty();

		// A late, older unblock changes nothing; the newer one lets activity through.
		publish(new UserUnblocked(blocker, blocked, at.minusSeconds(60)));
		publish(new UserUnblocked(blocker, blocked, at.plusMillis(1)));
		awaitSilenced(blocker, blocked, "b", false);
		awaitSilenced(blocked, blocker, "B", false);
		publish(new FollowCreated(blocked, blocker, 1, Instant.now()));
		awaitNotifications(blocker, 2);
	}

	private void awaitSilenced(long userId, long actorId, String reason, boolean silenced) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(userId),
					() -> this.shards.jdbc()
						.sql("SELECT silenced FROM silenced_actor WHERE user_id = :user AND actor_id = :actor "
								+ "AND reason = :reason")
						.param("user", userId)
						.param("actor", actorId)
						.param("reason", reason)
						.query(Boolean.class)
						.optional()
						.filter((value) -> value == silenced)
						.isPresent()));
	}

	private static PostPublished published(long post, long author) {
		return new PostPublished(post, author, "https://cdn.test/r/" + post + "/1080.jpg",
				"https://cdn.test/r/" + post + "/thumb.jpg", "caption", Instant.now());
	}

}

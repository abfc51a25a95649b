package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserMentioned;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code UserDeleted} leaves nothing of the user: neither the notifications to it nor
 * those it made (a like group it led shows the next liker), nor its silences,
 * subscriptions, post summaries and devices, in any shard or in the global token index.
 */
class DeletedUserNotificationTest extends NotificationIntegrationTest {

	/** Every shard table of this service and the columns that may hold a user ID. */
	private static final Map<String, List<String>> USER_COLUMNS = Map.of("notification",
			List.of("recipient_id", "actor_id"), "post_like", List.of("actor_id", "recipient_id"), "post_summary",
			List.of("author_id"), "post_subscription", List.of("author_id", "subscriber_id"), "silenced_actor",
			List.of("user_id", "actor_id"), "device", List.of("user_id"));

	@Test
	void aDeletedUsersNotificationsSilencesSubscriptionsAndDevicesGo() {
		long deleted = user("deleted", 2, 0);
		long author = user("author", 5, 0);
		long fan = user("fan", 1, 0);
		long muter = user("muter", 6, 0);
		long post = postId(author);
		long ownPost = postId(deleted);
		Instant before = Instant.now().minusSeconds(10);
		publish(new LikeCreated(post, author, fan, before));
		publish(new LikeCreated(post, author, deleted, before.plusSeconds(1)));
		publish(new CommentCreated(postId(author), post, author, deleted, "hi", before));
		publish(new FollowCreated(deleted, author, 1, before));
		publish(new FollowCreated(author, deleted, 1, before));
		publish(new LikeCreated(ownPost, deleted, author, before));
		publish(new UserMuted(muter, deleted, before));
		publish(new PostPublished(ownPost, deleted, "https://cdn.test/r/" + ownPost + "/1080.jpg",
				"https://cdn.test/r/" + ownPost + "/thumb.jpg", "caption", before));
		SERVICES.follow(fan, deleted);
		SERVICES.follow(deleted, author);
		api().put("/v1/users/" + deleted + "/post-notifications", "{\"enabled\": true}", token(fan)).assertStatus(200);
		api().put("/v1/users/" + author + "/post-notifications", "{\"enabled\": true}", token(deleted))
			.assertStatus(200);
		String deviceToken = "fcm-" + UUID.randomUUID();
		api().post("/v1/devices", "{\"platform\": \"android\", \"token\": \"" + deviceToken + "\"}", token(deleted))
			.assertStatus(201);
		awaitNotifications(author, 3);
		awaitNotifications(deleted, 2);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(references(deleted)).contains("notification.recipient_id", "notification.actor_id",
							"post_like.actor_id", "post_summary.author_id", "post_subscription.author_id",
							"post_subscription.subscriber_id", "silenced_actor.actor_id", "device.user_id"));
		assertThat(globalTokens(deleted)).isEqualTo(1);

		UserDeleted event = new UserDeleted(deleted, Instant.now());
		publish(event);
		publish(event);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(references(deleted)).isEmpty();
			assertThat(globalTokens(deleted)).isZero();
		});
		// The erasure's unmutes and unblocks arrive after UserDeleted and record nothing.
		publish(new UserUnmuted(muter, deleted, Instant.now()));
		publish(new UserUnblocked(deleted, author, Instant.now()));
		// Late events that would notify the deleted account (queues do not keep order):
		// a mention, a like and a comment on its post, a follow, an export.
		Instant late = Instant.now();
		publish(new UserMentioned(deleted, fan, postId(fan), fan, null, null, "https://cdn.test/m.jpg", late, true));
		publish(new LikeCreated(ownPost, deleted, fan, late));
		publish(new CommentCreated(postId(fan), ownPost, deleted, fan, "late", late));
		publish(new FollowCreated(fan, deleted, 1, late));
		publish(new DataExportReady(postId(deleted), deleted, "exports/late.zip", 1, late));
		// Handled alongside them: a like of the author's post, which does notify.
		publish(new LikeCreated(post, author, muter, late));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(notifications(author).get(0).path("actors_count").asInt()).isEqualTo(2));
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(references(deleted)).isEmpty());
		JsonNode left = notifications(author);
		assertThat(left).hasSize(1);
		assertThat(left.get(0).path("type").asString()).isEqualTo("LIKE");
		assertThat(left.get(0).path("actor").path("user_id").asString()).isEqualTo(Long.toString(muter));
		assertThat(left.get(0).path("actors_count").asInt()).as("the fan's like and the late one").isEqualTo(2);
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

	private long globalTokens(long userId) {
		return this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT count(*) FROM device_token WHERE user_id = :id")
			.param("id", userId)
			.query(Long.class)
			.single());
	}

}

package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowRequested;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserMuted;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FollowRequestNotificationTest extends NotificationIntegrationTest {

	@Test
	void theOwnerOfAPrivateAccountHearsOfARequestOnceAndItsApprovalReplacesIt() {
		long owner = user("owner", 2, 0);
		long requester = user("requester", 4, 0);
		Instant at = Instant.now();
		UUID eventId = UUID.randomUUID();

		publish(eventId, at, new FollowRequested(requester, owner, at));
		publish(eventId, at, new FollowRequested(requester, owner, at));
		UUID other = publish(new FollowRequested(requester, owner, at.minusSeconds(1)));

		awaitProcessed(other, owner);
		JsonNode list = awaitNotifications(owner, 1);
		assertThat(list.get(0).path("type").asString()).isEqualTo("FOLLOW_REQUEST");
		assertThat(list.get(0).path("actor").path("user_id").asString()).isEqualTo(Long.toString(requester));
		assertThat(list.get(0).path("read").asBoolean()).isFalse();
		assertThat(notifications(requester)).isEmpty();

		publish(new FollowCreated(requester, owner, 1, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> notifications(owner).size() == 1
					&& "FOLLOW".equals(notifications(owner).get(0).path("type").asString()));
	}

	@Test
	void aRequestFromSomeoneTheOwnerBlockedOrMutedNotifiesNothing() {
		long owner = user("owner", 5, 0);
		long muted = user("muted", 6, 0);
		long blocked = user("blocked", 7, 0);
		long welcome = user("welcome", 1, 0);
		publish(new UserMuted(owner, muted, Instant.now().minusSeconds(10)));
		publish(new UserBlocked(blocked, owner, Instant.now().minusSeconds(10)));
		awaitSilenced(owner, muted, "m");
		awaitSilenced(owner, blocked, "B");

		UUID fromMuted = publish(new FollowRequested(muted, owner, Instant.now()));
		UUID fromBlocked = publish(new FollowRequested(blocked, owner, Instant.now()));
		publish(new FollowRequested(welcome, owner, Instant.now()));

		awaitProcessed(fromMuted, owner);
		awaitProcessed(fromBlocked, owner);
		JsonNode list = awaitNotifications(owner, 1);
		assertThat(list.get(0).path("actor").path("user_id").asString()).isEqualTo(Long.toString(welcome));
	}

	private void awaitSilenced(long userId, long actorId, String reason) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(userId),
					() -> this.shards.jdbc()
						.sql("SELECT EXISTS (SELECT 1 FROM silenced_actor WHERE user_id = :user "
								+ "AND actor_id = :actor AND reason = :reason AND silenced)")
						.param("user", userId)
						.param("actor", actorId)
						.param("reason", reason)
						.query(Boolean.class)
						.single()));
	}

}

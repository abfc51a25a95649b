package com.pixelgram.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LikeNotificationTest extends NotificationIntegrationTest {

	@Test
	void aLikeNotifiesThePostsAuthorWithActorAndThumbnail() {
		long author = user("author");
		long alice = user("alice");
		long post = postId(author);
		SERVICES.post(post, "https://cdn.test/thumbs/" + post + ".jpg");

		publish(new LikeCreated(post, author, alice, Instant.now()));

		JsonNode item = awaitNotifications(author, 1).get(0);
		assertThat(item.path("type").asString()).isEqualTo("LIKE");
		assertThat(item.path("notification_id").isString()).isTrue();
		assertThat(item.path("actor").path("user_id").asString()).isEqualTo(Long.toString(alice));
		assertThat(item.path("actor").path("username").asString()).isEqualTo("alice");
		assertThat(item.path("actor").path("profile_image_url").asString())
			.isEqualTo("https://cdn.test/avatars/alice.jpg");
		assertThat(item.path("post").path("post_id").asString()).isEqualTo(Long.toString(post));
		assertThat(item.path("post").path("thumbnail_url").asString())
			.isEqualTo("https://cdn.test/thumbs/" + post + ".jpg");
		assertThat(item.path("summary").asString()).isEqualTo("alice liked your post");
		assertThat(item.path("read").asBoolean()).isFalse();
		assertThat(item.path("created_at").asString()).isNotBlank();
		assertThat(notifications(alice)).isEmpty();
	}

	@Test
	void likingYourOwnPostNotifiesNobody() {
		long author = user("narcissus");
		long post = postId(author);

		UUID eventId = publish(new LikeCreated(post, author, author, Instant.now()));

		awaitProcessed(eventId, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void aRedeliveredLikeMakesOneNotification() {
		long author = user("author");
		long bob = user("bob");
		long post = postId(author);
		UUID eventId = UUID.randomUUID();
		Instant at = Instant.now();

		publish(eventId, at, new LikeCreated(post, author, bob, at));
		publish(eventId, at, new LikeCreated(post, author, bob, at));
		// The same like again under another event ID (a replayed outbox row) adds nothing
		// either.
		UUID replay = publish(UUID.randomUUID(), at, new LikeCreated(post, author, bob, at));

		awaitProcessed(eventId, author);
		awaitProcessed(replay, author);
		JsonNode list = notifications(author);
		assertThat(list).hasSize(1);
		assertThat(list.get(0).path("actors_count").asInt()).isEqualTo(1);
	}

	@Test
	void anUnlikeWithdrawsTheLike() {
		long author = user("author");
		long carol = user("carol");
		long post = postId(author);
		Instant liked = Instant.now();
		publish(new LikeCreated(post, author, carol, liked));
		awaitNotifications(author, 1);

		UUID unlike = publish(UUID.randomUUID(), liked.plusSeconds(1),
				new LikeDeleted(post, author, carol, liked.plusSeconds(1)));

		awaitProcessed(unlike, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void anUnlikeThatArrivesBeforeItsLikeLeavesNoNotification() {
		long author = user("author");
		long dave = user("dave");
		long post = postId(author);
		Instant liked = Instant.now().minusSeconds(5);

		UUID unlike = publish(UUID.randomUUID(), liked.plusSeconds(1),
				new LikeDeleted(post, author, dave, liked.plusSeconds(1)));
		awaitProcessed(unlike, author);
		UUID like = publish(UUID.randomUUID(), liked, new LikeCreated(post, author, dave, liked));

		awaitProcessed(like, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void aLikeNewerThanAnEarlierUnlikeCountsAgain() {
		long author = user("author");
		long erin = user("erin");
		long post = postId(author);
		Instant unliked = Instant.now().minusSeconds(5);

		UUID unlike = publish(UUID.randomUUID(), unliked, new LikeDeleted(post, author, erin, unliked));
		awaitProcessed(unlike, author);
		publish(UUID.randomUUID(), unliked.plusSeconds(2), new LikeCreated(post, author, erin, unliked.plusSeconds(2)));

		assertThat(awaitNotifications(author, 1).get(0).path("actor").path("username").asString()).isEqualTo("erin");
	}

	@Test
	void likesOfOnePostAreGroupedWithTheNewestLikersFirst() {
		long author = user("author");
		long otherPost = postId(author);
		long post = postId(author);
		Instant start = Instant.now().minusSeconds(60);
		long[] likers = new long[14];
		for (int i = 0; i < likers.length; i++) {
			likers[i] = user((i == likers.length - 1) ? "alice" : "fan" + i);
			Instant at = start.plusSeconds(i);
			publish(UUID.randomUUID(), at, new LikeCreated(post, author, likers[i], at));
		}
		publish(new LikeCreated(otherPost, author, likers[0], Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> notifications(author).size() == 2 && groupOf(author, post).path("actors_count").asInt() == 14);
		JsonNode group = groupOf(author, post);
		assertThat(group.path("actor").path("username").asString()).isEqualTo("alice");
		assertThat(group.path("others_count").asInt()).isEqualTo(13);
		assertThat(group.path("summary").asString()).isEqualTo("alice and 13 others liked your post");
		assertThat(group.path("actors")).hasSize(3);
		assertThat(group.path("actors").get(1).path("user_id").asString()).isEqualTo(Long.toString(likers[12]));
	}

	@Test
	void twoLikersAreNamedAndAnUnlikeShrinksTheGroup() {
		long author = user("author");
		long post = postId(author);
		long frank = user("frank");
		long grace = user("grace");
		Instant start = Instant.now().minusSeconds(10);
		publish(UUID.randomUUID(), start, new LikeCreated(post, author, frank, start));
		publish(UUID.randomUUID(), start.plusSeconds(1), new LikeCreated(post, author, grace, start.plusSeconds(1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> groupOf(author, post).path("actors_count").asInt() == 2);
		assertThat(groupOf(author, post).path("summary").asString()).isEqualTo("grace and frank liked your post");

		UUID unlike = publish(UUID.randomUUID(), start.plusSeconds(2),
				new LikeDeleted(post, author, grace, start.plusSeconds(2)));

		awaitProcessed(unlike, author);
		JsonNode group = groupOf(author, post);
		assertThat(group.path("actors_count").asInt()).isEqualTo(1);
		assertThat(group.path("summary").asString()).isEqualTo("frank liked your post");
	}

	private JsonNode groupOf(long author, long post) {
		for (JsonNode item : notifications(author)) {
			if (item.path("type").asString().equals("LIKE")
					&& item.path("post").path("post_id").asString().equals(Long.toString(post))) {
				return item;
			}
		}
		return MissingNode.getInstance();
	}

}

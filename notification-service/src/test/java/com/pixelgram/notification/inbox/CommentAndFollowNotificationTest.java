package com.pixelgram.notification.inbox;

import java.time.Instant;
import java.util.UUID;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CommentAndFollowNotificationTest extends NotificationIntegrationTest {

	@Test
	void aCommentNotifiesThePostsAuthorWithItsText() {
		long author = user("author");
		long heidi = user("heidi");
		long post = postId(author);

		publish(new CommentCreated(postId(author), post, author, heidi, "Lovely light!", Instant.now()));

		JsonNode item = awaitNotifications(author, 1).get(0);
		assertThat(item.path("type").asString()).isEqualTo("COMMENT");
		assertThat(item.path("comment_text").asString()).isEqualTo("Lovely light!");
		assertThat(item.path("actor").path("username").asString()).isEqualTo("heidi");
		assertThat(item.path("post").path("post_id").asString()).isEqualTo(Long.toString(post));
		assertThat(item.path("summary").asString()).isEqualTo("heidi commented: Lovely light!");
		assertThat(item.has("actors")).isFalse();
	}

	@Test
	void commentingOnYourOwnPostNotifiesNobody() {
		long author = user("author");
		long post = postId(author);

		UUID eventId = publish(new CommentCreated(postId(author), post, author, author, "me again", Instant.now()));

		awaitProcessed(eventId, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void deletingTheCommentWithdrawsItsNotification() {
		long author = user("author");
		long ivan = user("ivan");
		long post = postId(author);
		long comment = postId(author);
		publish(new CommentCreated(comment, post, author, ivan, "first", Instant.now()));
		awaitNotifications(author, 1);

		UUID deleted = publish(new CommentDeleted(comment, post, author, ivan, Instant.now()));

		awaitProcessed(deleted, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void aCommentWhoseDeletionArrivedFirstIsNeverShown() {
		long author = user("author");
		long judy = user("judy");
		long post = postId(author);
		long comment = postId(author);
		Instant created = Instant.now().minusSeconds(3);

		UUID deleted = publish(new CommentDeleted(comment, post, author, judy, created.plusSeconds(1)));
		awaitProcessed(deleted, author);
		UUID late = publish(UUID.randomUUID(), created, new CommentCreated(comment, post, author, judy, "x", created));

		awaitProcessed(late, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void aFollowNotifiesTheFollowee() {
		long followee = user("followee");
		long ken = user("ken");

		publish(new FollowCreated(ken, followee, 1, Instant.now()));

		JsonNode item = awaitNotifications(followee, 1).get(0);
		assertThat(item.path("type").asString()).isEqualTo("FOLLOW");
		assertThat(item.path("actor").path("user_id").asString()).isEqualTo(Long.toString(ken));
		assertThat(item.path("summary").asString()).isEqualTo("ken started following you");
		assertThat(item.has("post")).isFalse();
		assertThat(notifications(ken)).isEmpty();
	}

	@Test
	void anUnfollowWithdrawsTheFollowAndALateFollowDoesNotReturn() {
		long followee = user("followee");
		long liam = user("liam");
		Instant followed = Instant.now().minusSeconds(10);
		publish(UUID.randomUUID(), followed, new FollowCreated(liam, followee, 1, followed));
		awaitNotifications(followee, 1);

		UUID unfollow = publish(UUID.randomUUID(), followed.plusSeconds(1),
				new FollowDeleted(liam, followee, followed.plusSeconds(1)));
		awaitProcessed(unfollow, followee);
		UUID replayed = publish(UUID.randomUUID(), followed, new FollowCreated(liam, followee, 1, followed));

		awaitProcessed(replayed, followee);
		assertThat(notifications(followee)).isEmpty();
	}

}

package com.pixelgram.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.Mention;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserMentioned;
import com.pixelgram.events.UserMuted;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mention notifications from {@code UserMentioned} events on the real queue and shards.
 */
class MentionNotificationTest extends NotificationIntegrationTest {

	@Test
	void aMentionInACaptionAndOneInACommentNotifyTheMentionedUserOnceEach() {
		long author = user("author", 2, 0);
		long friend = user("friend", 5, 0);
		long commenter = user("commenter");
		long post = postId(author);
		long comment = postId(author);
		String thumbnail = "https://cdn.test/r/" + post + "/150.jpg";

		UUID caption = publish(
				new UserMentioned(friend, author, post, author, null, "with @friend", thumbnail, Instant.now(), true));
		publish(new UserMentioned(friend, commenter, post, author, comment, "look @friend", thumbnail,
				Instant.now().plusMillis(5), true));

		JsonNode list = awaitNotifications(friend, 2);
		// the events may be handled in either order
		boolean commentFirst = list.get(0).has("comment_text");
		JsonNode inComment = list.get(commentFirst ? 0 : 1);
		JsonNode inCaption = list.get(commentFirst ? 1 : 0);
		assertThat(inComment.path("type").asString()).isEqualTo("MENTION");
		assertThat(inComment.path("actor").path("user_id").asString()).isEqualTo(Long.toString(commenter));
		assertThat(inComment.path("comment_text").asString()).isEqualTo("look @friend");
		assertThat(inComment.path("summary").asString())
			.isEqualTo("commenter mentioned you in a comment: look @friend");
		assertThat(inCaption.path("type").asString()).isEqualTo("MENTION");
		assertThat(inCaption.path("actor").path("user_id").asString()).isEqualTo(Long.toString(author));
		assertThat(inCaption.path("post").path("post_id").asString()).isEqualTo(Long.toString(post));
		assertThat(inCaption.path("post").path("thumbnail_url").asString()).isEqualTo(thumbnail);
		assertThat(inCaption.path("summary").asString()).isEqualTo("author mentioned you in a post");
		assertThat(inCaption.has("comment_text")).isFalse();

		// the same caption again (a redelivery, or an edit that mentions them anew):
		// nothing
		// more
		UUID again = publish(new UserMentioned(friend, author, post, author, null, "with @friend again", thumbnail,
				Instant.now(), true));
		awaitProcessed(caption, friend);
		awaitProcessed(again, friend);
		assertThat(notifications(friend)).hasSize(2);
	}

	@Test
	void aDeletedCommentTakesItsMentionsAlongAndALateMentionOfItIsIgnored() {
		long author = user("post-author", 2, 0);
		long friend = user("mentioned", 5, 0);
		long other = user("mentioned-late", 6, 0);
		long commenter = user("comment-writer", 7, 0);
		long post = postId(author);
		long comment = postId(author);
		long anotherComment = postId(author);
		Instant written = Instant.now();
		publish(new UserMentioned(friend, commenter, post, author, comment, "look @mentioned @mentioned-late", null,
				written, true));
		awaitNotifications(friend, 1);

		publish(new CommentDeleted(comment, post, author, commenter, written.plusSeconds(1),
				List.of(new Mention(friend, "mentioned", 5, 15), new Mention(other, "mentioned-late", 16, 31))));
		await().atMost(Duration.ofSeconds(20)).until(() -> notifications(friend).isEmpty());

		// The other mention's event, delivered after the deletion's: nothing.
		UUID late = publish(new UserMentioned(other, commenter, post, author, comment,
				"look @mentioned @mentioned-late", null, written, true));
		awaitProcessed(late, other);
		publish(new UserMentioned(other, commenter, post, author, anotherComment, "and @mentioned-late", null,
				written.plusSeconds(2), true));
		JsonNode kept = awaitNotifications(other, 1);
		assertThat(kept.get(0).path("comment_text").asString()).isEqualTo("and @mentioned-late");
	}

	@Test
	void nobodyIsNotifiedOfTheirOwnMention() {
		long author = user("self");
		UUID self = publish(
				new UserMentioned(author, author, postId(author), author, null, "me @self", null, Instant.now(), true));

		awaitProcessed(self, author);
		assertThat(notifications(author)).isEmpty();
	}

	@Test
	void aBlockEitherWayOrAMuteEitherWaySilencesMentions() {
		long recipientBlocks = user("recipient-blocks", 1, 0);
		long recipientMutes = user("recipient-mutes", 2, 0);
		long authorBlocks = user("author-blocks", 3, 0);
		long authorMutes = user("author-mutes", 4, 0);
		long author = user("writer", 6, 0);
		long bystander = user("bystander", 7, 0);
		Instant at = Instant.now();
		publish(new UserBlocked(recipientBlocks, author, at));
		publish(new UserMuted(recipientMutes, author, at));
		publish(new UserBlocked(author, authorBlocks, at));
		// the muter is the writer: the mute lives in the writer's shard only
		publish(new UserMuted(author, authorMutes, at));
		awaitSilenced(recipientBlocks, author);
		awaitSilenced(recipientMutes, author);
		awaitSilenced(author, authorBlocks);
		awaitSilenced(authorBlocks, author);
		awaitSilenced(author, authorMutes);

		long post = postId(author);
		for (long recipient : new long[] { recipientBlocks, recipientMutes, authorBlocks, authorMutes }) {
			UUID mention = publish(
					new UserMentioned(recipient, author, post, author, null, "hi", null, Instant.now(), true));
			awaitProcessed(mention, recipient);
		}
		publish(new UserMentioned(bystander, author, post, author, null, "hi", null, Instant.now(), true));

		awaitNotifications(bystander, 1);
		for (long recipient : new long[] { recipientBlocks, recipientMutes, authorBlocks, authorMutes }) {
			assertThat(notifications(recipient)).as("notifications of %d", recipient).isEmpty();
		}
	}

	@Test
	void aNonFollowerOfAPrivateAuthorLearnsWhoMentionedThemButNothingOfThePost() {
		// the same shard: the author's post summary is at hand when the recipient reads
		long author = user("private-author", 3, 0);
		long stranger = user("stranger", 3, 0);
		long follower = user("private-follower", 4, 0);
		long post = postId(author);
		long comment = postId(author);
		String thumbnail = "https://cdn.test/r/" + post + "/150.jpg";
		summarise(post, author, thumbnail);
		SERVICES.post(post, thumbnail);

		// Even were the text and thumbnail sent along, they are not kept.
		publish(new UserMentioned(stranger, author, post, author, null, "secret @stranger", thumbnail, Instant.now(),
				false));
		publish(new UserMentioned(stranger, follower, post, author, comment, "secret too @stranger", null,
				Instant.now().plusMillis(5), false));
		publish(new UserMentioned(follower, author, post, author, null, "secret @private-follower", thumbnail,
				Instant.now(), true));

		JsonNode withheld = awaitNotifications(stranger, 2);
		for (JsonNode item : withheld) {
			assertThat(item.path("type").asString()).isEqualTo("MENTION");
			assertThat(item.path("post").path("post_id").asString()).isEqualTo(Long.toString(post));
			assertThat(item.path("post").has("thumbnail_url")).as(item.toString()).isFalse();
			assertThat(item.has("comment_text")).as(item.toString()).isFalse();
			assertThat(item.toString()).doesNotContain("secret").doesNotContain(thumbnail);
		}
		assertThat(withheld).extracting((item) -> item.path("actor").path("user_id").asString())
			.containsExactlyInAnyOrder(Long.toString(author), Long.toString(follower));
		assertThat(withheld).extracting((item) -> item.path("summary").asString())
			.containsExactlyInAnyOrder("private-author mentioned you in a post",
					"private-follower mentioned you in a post");
		// A follower sees the post, and so its thumbnail.
		JsonNode shown = awaitNotifications(follower, 1).get(0);
		assertThat(shown.path("post").path("thumbnail_url").asString()).isEqualTo(thumbnail);
	}

	@Test
	void aPublicAuthorsMentionShowsThePostToEveryoneItMentions() {
		long author = user("public-author", 2, 0);
		long reader = user("reader", 5, 0);
		long older = user("older-producer", 2, 0);
		long commenter = user("public-commenter", 6, 0);
		long post = postId(author);
		long comment = postId(author);
		String thumbnail = "https://cdn.test/r/" + post + "/150.jpg";
		summarise(post, author, thumbnail);
		SERVICES.post(post, thumbnail);

		publish(new UserMentioned(reader, commenter, post, author, comment, "open @reader", thumbnail, Instant.now(),
				true));
		// An event from before post_visible: the post is shown, its thumbnail found here.
		publish(new UserMentioned(older, author, post, author, null, "open @older-producer", null, Instant.now(),
				null));

		JsonNode toReader = awaitNotifications(reader, 1).get(0);
		assertThat(toReader.path("post").path("thumbnail_url").asString()).isEqualTo(thumbnail);
		assertThat(toReader.path("comment_text").asString()).isEqualTo("open @reader");
		assertThat(toReader.path("summary").asString())
			.isEqualTo("public-commenter mentioned you in a comment: open @reader");
		JsonNode toOlder = awaitNotifications(older, 1).get(0);
		assertThat(toOlder.path("post").path("thumbnail_url").asString()).isEqualTo(thumbnail);
	}

	/** The post's summary in its author's shard, as its PostPublished leaves it. */
	private void summarise(long postId, long authorId, String thumbnailUrl) {
		this.shards.write(this.shards.shardOf(authorId),
				() -> this.shards.jdbc()
					.sql("INSERT INTO post_summary (post_id, author_id, thumbnail_url, published_at) "
							+ "VALUES (:post, :author, :thumbnail, now())")
					.param("post", postId)
					.param("author", authorId)
					.param("thumbnail", thumbnailUrl)
					.update());
	}

	private void awaitSilenced(long userId, long actorId) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(this.shards.shardOf(userId),
					() -> this.shards.jdbc()
						.sql("SELECT EXISTS (SELECT 1 FROM silenced_actor WHERE user_id = :user AND actor_id = :actor "
								+ "AND silenced)")
						.param("user", userId)
						.param("actor", actorId)
						.query(Boolean.class)
						.single()));
	}

}

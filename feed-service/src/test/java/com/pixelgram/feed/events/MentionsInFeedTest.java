package com.pixelgram.feed.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostEdited;
import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feed item carries the post's mentions and BlurHash, as {@code GET /v1/posts/{id}}
 * does, from the events alone.
 */
class MentionsInFeedTest extends FeedIntegrationTest {

	private static final String BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";

	@Test
	void theFeedItemCarriesTheCaptionsMentionsAndTheBlurhashAndAnEditsMentions() {
		long author = TestIds.user();
		long follower = TestIds.user();
		long friend = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		String caption = "with @friend";
		publish(new PostPublished(post.id(), author, imageUrl(post), thumbnailUrl(post), caption, post.createdAt(),
				null, null, 1080, 1350, Post.renditions(post.id()), List.of(), null,
				List.of(new Mention(friend, "friend", 5, 12)), BLURHASH));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		int batchCalls = POSTS.batchPostCalls().size();

		JsonNode item = feed(follower, "").post(post.id());

		assertThat(item.path("blurhash").asString()).isEqualTo(BLURHASH);
		assertThat(item.path("mentions").size()).isEqualTo(1);
		JsonNode mention = item.path("mentions").get(0);
		assertThat(mention.path("user_id").isString()).isTrue();
		assertThat(mention.path("user_id").asString()).isEqualTo(Long.toString(friend));
		assertThat(mention.path("username").asString()).isEqualTo("friend");
		assertThat(caption.substring(mention.path("start").asInt(), mention.path("end").asInt())).isEqualTo("@friend");
		assertThat(POSTS.batchPostCalls()).as("the event carried the post whole").hasSize(batchCalls);

		Instant editedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		publish(new PostEdited(post.id(), author, imageUrl(post), thumbnailUrl(post), "hi @friend and @other",
				post.createdAt(), null, null, 1080, 1350, Post.renditions(post.id()), List.of(), editedAt,
				List.of(new Mention(friend, "friend", 3, 10), new Mention(author, "other", 15, 21)), BLURHASH));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(feed(follower, "").post(post.id()).path("mentions").size()).isEqualTo(2));
		JsonNode edited = feed(follower, "").post(post.id());
		assertThat(edited.path("mentions").get(1).path("username").asString()).isEqualTo("other");
		assertThat(edited.path("blurhash").asString()).isEqualTo(BLURHASH);
	}

	private static String imageUrl(Post post) {
		return "https://cdn.test/p/" + post.id() + "/1080.jpg";
	}

	private static String thumbnailUrl(Post post) {
		return "https://cdn.test/p/" + post.id() + "/150.jpg";
	}

}

package com.pixelgram.feed.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.pixelgram.events.PostEdited;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostEditedTest extends FeedIntegrationTest {

	@Autowired
	private PostCache posts;

	@Test
	void anEditReachesTheFeedItemWithoutAskingPostService() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		publish(published(post));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		assertThat(feed(follower, "").post(post.id()).has("edited_at")).isFalse();
		int batchCalls = POSTS.batchPostCalls().size();
		Instant editedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

		publish(edit(post, "Sunset over the Douro #porto", editedAt));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(feed(follower, "").post(post.id()).path("caption").asString())
				.isEqualTo("Sunset over the Douro #porto"));
		JsonNode item = feed(follower, "").post(post.id());
		assertThat(item.path("location").asString()).isEqualTo("Porto");
		assertThat(item.path("alt_text").asString()).isEqualTo("a river at dusk");
		assertThat(item.path("hashtags").valueStream().map(JsonNode::asString)).containsExactly("porto");
		assertThat(Instant.parse(item.path("edited_at").asString())).isEqualTo(editedAt);
		assertThat(item.path("image_url").asString()).isEqualTo("https://cdn.test/p/" + post.id() + "/1080.jpg");
		assertThat(POSTS.batchPostCalls()).as("the event carried the post whole").hasSize(batchCalls);
	}

	@Test
	void anOlderEditOrAReadThatRacedTheEditNeverPutsBackTheOldText() {
		long author = TestIds.user();
		long viewer = TestIds.user();
		USERS.follow(viewer, author);
		markActive(List.of(viewer));
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		publish(published(post));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(viewer, post.id()));
		Instant second = Instant.now().truncatedTo(ChronoUnit.MICROS);
		publish(edit(post, "second edit", second));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "second edit".equals(feed(viewer, "").post(post.id()).path("caption").asString()));

		publish(edit(post, "first edit", second.minusSeconds(1)));
		awaitQueueDrained();
		this.posts.putAll(List.of(new PostView(post.id(), author, "as read before the edit", null, null, "u", "t",
				Post.renditions(post.id()), 1080, 1350, 0, 0, PostView.READY, post.createdAt())));

		JsonNode item = feed(viewer, "").post(post.id());
		assertThat(item.path("caption").asString()).isEqualTo("second edit");
		assertThat(Instant.parse(item.path("edited_at").asString())).isEqualTo(second);
	}

	@Test
	void anEditOfAPostNotCachedLeavesItToTheNextRead() {
		long author = TestIds.user();
		Post post = POSTS.post(author, Duration.ofMinutes(5));

		publish(edit(post, "edited", Instant.now()));

		awaitQueueDrained();
		assertThat(this.redis.hasKey(this.keys.post(post.id()))).isFalse();
	}

	private static PostEdited edit(Post post, String caption, Instant editedAt) {
		return new PostEdited(post.id(), post.authorId(), "https://cdn.test/p/" + post.id() + "/1080.jpg",
				"https://cdn.test/p/" + post.id() + "/150.jpg", caption, post.createdAt(), "Porto", "a river at dusk",
				1080, 1350, Post.renditions(post.id()), caption.contains("#porto") ? List.of("porto") : List.of(),
				editedAt);
	}

}

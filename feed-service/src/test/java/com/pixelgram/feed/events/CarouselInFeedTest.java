package com.pixelgram.feed.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.events.PostEdited;
import com.pixelgram.events.PostMedia;
import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.store.FeedStore;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feed item carries every photo of a carousel under {@code media}, in order, as
 * {@code GET /v1/posts/{id}} does, from the events alone; a post known only from an older
 * producer or post-service's batch read has a one-photo {@code media}.
 */
class CarouselInFeedTest extends FeedIntegrationTest {

	@Test
	void theFeedItemCarriesEveryPhotoOfACarouselInOrderAndAnEditsAltTexts() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		List<PostMedia> media = List.of(photo(post, 0, 1080, 1350, "a bay"), photo(post, 1, 1080, 720, null),
				photo(post, 2, 720, 1080, "a boat"));
		PostMedia first = media.get(0);
		publish(new PostPublished(post.id(), author, first.imageUrl(), first.thumbnailUrl(), "three", post.createdAt(),
				null, first.altText(), first.width(), first.height(), first.renditions(), List.of(), null, List.of(),
				first.blurhash(), media));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		int batchCalls = POSTS.batchPostCalls().size();

		JsonNode item = feed(follower, "").post(post.id());

		assertMedia(item.path("media"), media);
		assertThat(item.path("image_url").asString()).isEqualTo(first.imageUrl());
		assertThat(item.path("alt_text").asString()).isEqualTo("a bay");
		assertThat(POSTS.batchPostCalls()).as("the event carried the post whole").hasSize(batchCalls);

		List<PostMedia> edited = new ArrayList<>();
		for (PostMedia photo : media) {
			edited.add(new PostMedia(photo.imageUrl(), photo.thumbnailUrl(), photo.renditions(), photo.width(),
					photo.height(), photo.blurhash(), "edited " + edited.size()));
		}
		publish(new PostEdited(post.id(), author, first.imageUrl(), first.thumbnailUrl(), "three", post.createdAt(),
				null, "edited 0", first.width(), first.height(), first.renditions(), List.of(),
				Instant.now().truncatedTo(ChronoUnit.MICROS), List.of(), first.blurhash(), edited));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertMedia(feed(follower, "").post(post.id()).path("media"), edited));
	}

	@Test
	void aPostOfAnOlderProducerOrOfTheBatchReadHasOnePhoto() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		Post fromEvent = POSTS.post(author, Duration.ofMinutes(5));
		Post fetched = POSTS.post(author, Duration.ofMinutes(10));
		publish(published(fromEvent));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, fromEvent.id()));
		// Known to the feed but not cached: read from post-service's batch read.
		this.redis.opsForZSet()
			.add(this.keys.feed(follower), Long.toString(fetched.id()), FeedStore.score(fetched.id()));

		FeedReply reply = feed(follower, "");

		for (Post post : List.of(fromEvent, fetched)) {
			JsonNode item = reply.post(post.id());
			assertThat(item.path("media").size()).as("media of %d", post.id()).isEqualTo(1);
			JsonNode photo = item.path("media").get(0);
			for (String field : List.of("image_url", "thumbnail_url", "renditions", "width", "height")) {
				assertThat(photo.path(field)).as(field).isEqualTo(item.path(field));
			}
		}
	}

	private static void assertMedia(JsonNode actual, List<PostMedia> expected) {
		assertThat(actual.size()).isEqualTo(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			JsonNode photo = actual.get(i);
			PostMedia want = expected.get(i);
			assertThat(photo.path("image_url").asString()).isEqualTo(want.imageUrl());
			assertThat(photo.path("thumbnail_url").asString()).isEqualTo(want.thumbnailUrl());
			assertThat(photo.path("renditions").path("720").asString()).isEqualTo(want.renditions().get("720"));
			List<String> names = new ArrayList<>();
			photo.path("renditions").propertyNames().forEach(names::add);
			assertThat(names).containsExactly("1080", "720", "480", "150");
			assertThat(photo.path("width").asInt()).isEqualTo(want.width());
			assertThat(photo.path("height").asInt()).isEqualTo(want.height());
			assertThat(photo.path("blurhash").asString()).isEqualTo(want.blurhash());
			if (want.altText() == null) {
				assertThat(photo.path("alt_text").isMissingNode() || photo.path("alt_text").isNull()).isTrue();
			}
			else {
				assertThat(photo.path("alt_text").asString()).isEqualTo(want.altText());
			}
		}
	}

	private static PostMedia photo(Post post, int position, int width, int height, String altText) {
		String base = "https://cdn.test/p/" + post.id() + ((position == 0) ? "" : "-" + position) + "/";
		Map<String, String> renditions = new LinkedHashMap<>();
		for (String name : List.of("1080", "720", "480", "150")) {
			renditions.put(name, base + name + ".jpg");
		}
		return new PostMedia(base + "1080.jpg", base + "150.jpg", renditions, width, height,
				"LEHV6nWB2yk8pyo0adR*.7kCMd" + position + "j", altText);
	}

}

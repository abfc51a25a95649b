package com.pixelgram.feed.read;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.pixelgram.events.LikeCreated;
import com.pixelgram.feed.store.AuthorPosts;
import com.pixelgram.feed.store.FeedStore;
import com.pixelgram.feed.support.FeedClient;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedReadTest extends FeedIntegrationTest {

	@Autowired
	AuthorPosts authorPosts;

	@Test
	void rejectsPagingOutOfRangeWithAValidationProblem() {
		long viewer = TestIds.user();

		for (String query : List.of("?page=0", "?limit=0", "?limit=101", "?page=-3&limit=10")) {
			FeedReply reply = feed(viewer, query);
			assertThat(reply.status()).as(query).isEqualTo(400);
			assertThat(reply.headers().getContentType()).hasToString("application/problem+json");
			assertThat(reply.json().path("type").asString()).isEqualTo("https://pixelgram.dev/problems/validation");
		}
		assertThat(feed(viewer, "?page=abc").status()).isEqualTo(400);
	}

	@Test
	void refusesAReadWithoutAToken() {
		FeedReply reply = new FeedClient(this.port, TOKENS).get("/v1/feed", null);

		assertThat(reply.status()).isEqualTo(401);
	}

	@Test
	void rebuildsAMissingFeedFromTheFollowGraphAndRecentPosts() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		long stranger = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		Post fromAlice = POSTS.post(alice, Duration.ofHours(1));
		Post fromBob = POSTS.post(bob, Duration.ofHours(2));
		Post own = POSTS.post(viewer, Duration.ofHours(3));
		POSTS.post(stranger, Duration.ofMinutes(1));

		FeedReply reply = feed(viewer, "");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.postIds()).containsExactly(fromAlice.id(), fromBob.id(), own.id());
		assertThat(feedOf(viewer)).containsExactlyInAnyOrder(fromAlice.id(), fromBob.id(), own.id());
		assertThat(this.redis.hasKey(this.keys.active(viewer))).isTrue();
	}

	@Test
	void rebuildsFromPostServiceWhenAPublicationAloneStartedTheAuthorsList() {
		// as after Redis lost its data: one post published since, the older only in
		// post-service
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post older = POSTS.post(alice, Duration.ofHours(2));
		Post newer = POSTS.post(alice, Duration.ofMinutes(5));
		this.authorPosts.add(alice, newer.id());

		FeedReply reply = feed(viewer, "");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.postIds()).containsExactly(newer.id(), older.id());
		assertThat(this.authorPosts.recent(alice, 20)).containsExactly(newer.id(), older.id());
	}

	@Test
	void buildsAFeedWhoseFolloweesNeverPostedOnlyOnce() {
		long viewer = TestIds.user();
		long quiet = TestIds.user();
		USERS.follow(viewer, quiet);
		assertThat(feed(viewer, "").postIds()).isEmpty();
		int calls = POSTS.callsTo("/internal/users/" + quiet + "/recent-posts").size();

		assertThat(feed(viewer, "").postIds()).isEmpty();
		assertThat(feed(viewer, "?order=latest").postIds()).isEmpty();

		assertThat(POSTS.callsTo("/internal/users/" + quiet + "/recent-posts")).hasSize(calls);
		long other = TestIds.user();
		USERS.follow(other, quiet);
		assertThat(feed(other, "").postIds()).isEmpty();
		assertThat(POSTS.callsTo("/internal/users/" + quiet + "/recent-posts"))
			.as("an author known to have no posts is not asked about again")
			.hasSize(calls);
		Post first = POSTS.post(quiet, Duration.ZERO);
		this.redis.opsForZSet().add(this.keys.feed(viewer), Long.toString(first.id()), FeedStore.score(first.id()));
		assertThat(feed(viewer, "").postIds()).containsExactly(first.id());
	}

	@Test
	void rebuildsTheStaleFeedOfAUserBackFromInactivity() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post old = POSTS.post(alice, Duration.ofDays(20));
		this.redis.opsForZSet().add(this.keys.feed(viewer), Long.toString(old.id()), FeedStore.score(old.id()));
		// Published while the viewer was inactive, so never pushed to them.
		Post missed = POSTS.post(alice, Duration.ofDays(2));

		FeedReply reply = feed(viewer, "");

		assertThat(reply.postIds()).containsExactly(missed.id(), old.id());
	}

	@Test
	void hydratesEachPostWithItsAuthorAndWhetherTheViewerLikedIt() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post liked = POSTS.post(alice, Duration.ofMinutes(10), 4, 2);
		Post notLiked = POSTS.post(alice, Duration.ofMinutes(20));
		POSTS.like(viewer, liked.id());

		FeedReply reply = feed(viewer, "");

		JsonNode item = reply.post(liked.id());
		assertThat(item.path("post_id").isString()).as("IDs travel as strings").isTrue();
		assertThat(item.path("user_id").asString()).isEqualTo(Long.toString(alice));
		assertThat(item.path("username").asString()).isEqualTo("user" + alice);
		assertThat(item.path("location").asString()).isEqualTo("Lisbon");
		assertThat(item.path("alt_text").asString()).isEqualTo("alt of " + liked.id());
		assertThat(item.path("width").asInt()).isEqualTo(1080);
		assertThat(item.path("height").asInt()).isEqualTo(1350);
		assertThat(item.path("upload_status").asString()).isEqualTo("READY");
		assertThat(item.path("renditions").path("720").asString())
			.isEqualTo("https://cdn.test/p/" + liked.id() + "/720.jpg");
		List<String> names = new ArrayList<>();
		item.path("renditions").propertyNames().forEach(names::add);
		assertThat(names).as("largest first, as the post lists them").containsExactly("1080", "720", "480", "150");
		assertThat(item.path("author").path("user_id").isString()).isTrue();
		assertThat(item.path("author").path("user_id").asString()).isEqualTo(Long.toString(alice));
		assertThat(item.path("author").path("username").asString()).isEqualTo("user" + alice);
		assertThat(item.path("author").path("profile_image_url").asString())
			.isEqualTo("https://cdn.test/avatars/" + alice + ".jpg");
		assertThat(item.path("image_url").asString()).isEqualTo("https://cdn.test/p/" + liked.id() + "/1080.jpg");
		assertThat(item.path("thumbnail_url").asString()).isEqualTo("https://cdn.test/p/" + liked.id() + "/150.jpg");
		assertThat(item.path("caption").asString()).isEqualTo("caption of " + liked.id());
		assertThat(item.path("likes_count").asLong()).isEqualTo(4);
		assertThat(item.path("comments_count").asLong()).isEqualTo(2);
		assertThat(Instant.parse(item.path("created_at").asString())).isEqualTo(liked.createdAt());
		assertThat(item.path("liked_by_me").asBoolean()).isTrue();
		assertThat(reply.post(notLiked.id()).path("liked_by_me").asBoolean()).isFalse();
	}

	@Test
	void ranksAPostOfAnAuthorTheViewerEngagesWithAboveANewerOne() {
		long viewer = TestIds.user();
		long favourite = TestIds.user();
		long other = TestIds.user();
		USERS.follow(viewer, favourite);
		USERS.follow(viewer, other);
		Post older = POSTS.post(favourite, Duration.ofHours(2));
		Post newer = POSTS.post(other, Duration.ofHours(1));
		Post likedBefore = POSTS.post(favourite, Duration.ofDays(30));
		publish(new LikeCreated(likedBefore.id(), favourite, viewer, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.opsForHash().get(this.keys.affinity(viewer), Long.toString(favourite)) != null);

		FeedReply reply = feed(viewer, "");

		// favourite: 0.5/3 + 0.2·1 = 0.37; other: 0.5/2 = 0.25
		assertThat(reply.postIds()).startsWith(older.id(), newer.id());
	}

	@Test
	void ranksAnEngagingPostAboveANewerOneWithoutEngagement() {
		long viewer = TestIds.user();
		long popular = TestIds.user();
		long quiet = TestIds.user();
		USERS.follow(viewer, popular);
		USERS.follow(viewer, quiet);
		USERS.followerCount(popular, 100);
		USERS.followerCount(quiet, 100);
		Post engaging = POSTS.post(popular, Duration.ofHours(2), 40, 20);
		Post plain = POSTS.post(quiet, Duration.ofHours(1));

		FeedReply reply = feed(viewer, "");

		// engaging: 0.5/3 + 0.3·0.6 = 0.35; plain: 0.5/2 = 0.25
		assertThat(reply.postIds()).containsExactly(engaging.id(), plain.id());
	}

	@Test
	void keepsPagesStableWhileNewPostsArrive() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		// A rebuild takes 20 posts per followee: two followees.
		List<Long> original = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			original.add(POSTS.post((i % 2 == 0) ? alice : bob, Duration.ofMinutes(10L + i)).id());
		}
		FeedReply first = feed(viewer, "?page=1&limit=10");
		Post fresh = POSTS.post(alice, Duration.ZERO);
		publish(published(fresh));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(viewer, fresh.id()));

		FeedReply second = feed(viewer, "?page=2&limit=10");
		FeedReply third = feed(viewer, "?page=3&limit=10");

		List<Long> seen = new ArrayList<>(first.postIds());
		seen.addAll(second.postIds());
		seen.addAll(third.postIds());
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(original);
		assertThat(first.postIds()).hasSize(10).containsExactlyElementsOf(original.subList(0, 10));
		assertThat(second.postIds()).containsExactlyElementsOf(original.subList(10, 20));
	}

	@Test
	void namesTheNextPageInALinkHeaderOnlyWhenThereIsOne() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		for (int i = 0; i < 25; i++) {
			POSTS.post((i % 2 == 0) ? alice : bob, Duration.ofMinutes(1L + i));
		}

		FeedReply first = feed(viewer, "?page=1&limit=20");
		FeedReply second = feed(viewer, "?page=2&limit=20");

		assertThat(first.postIds()).hasSize(20);
		assertThat(first.link()).isEqualTo("</v1/feed?page=2&limit=20>; rel=\"next\"");
		assertThat(second.postIds()).hasSize(5);
		assertThat(second.link()).isNull();
		assertThat(feed(viewer, "?page=3&limit=20").postIds()).isEmpty();
	}

	@Test
	void hydratesThePostsMissingFromTheCacheWithOneBatchCall() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		List<Long> posts = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			posts.add(POSTS.post(alice, Duration.ofMinutes(1L + i)).id());
		}
		feed(viewer, "?limit=10");
		List<Long> evicted = List.of(posts.get(11), posts.get(13), posts.get(17));
		evicted.forEach((id) -> this.redis.delete(this.keys.post(id)));
		int callsBefore = POSTS.batchPostCalls().size();
		int userCallsBefore = USERS.callsTo("/internal/users?").size();

		FeedReply second = feed(viewer, "?page=2&limit=10");

		assertThat(second.postIds()).containsExactlyElementsOf(posts.subList(10, 20));
		List<List<Long>> calls = POSTS.batchPostCalls();
		assertThat(calls).hasSize(callsBefore + 1);
		assertThat(calls.get(calls.size() - 1)).containsExactlyInAnyOrderElementsOf(evicted);
		assertThat(USERS.callsTo("/internal/users?")).as("authors come from the cache").hasSize(userCallsBefore);
		assertThat(this.redis.hasKey(this.keys.post(posts.get(11)))).as("misses are cached again").isTrue();
	}

	@Test
	void servesCachedPostsWhenPostServiceIsDown() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post first = POSTS.post(alice, Duration.ofMinutes(1));
		Post second = POSTS.post(alice, Duration.ofMinutes(2));
		Post uncached = POSTS.post(alice, Duration.ofMinutes(3));
		POSTS.like(viewer, first.id());
		assertThat(feed(viewer, "").postIds()).containsExactly(first.id(), second.id(), uncached.id());
		this.redis.delete(this.keys.post(uncached.id()));

		POSTS.down(true);
		try {
			FeedReply reply = feed(viewer, "");

			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.postIds()).containsExactly(first.id(), second.id());
			assertThat(reply.post(first.id()).path("liked_by_me").asBoolean())
				.as("what post-service said before is kept per viewer")
				.isTrue();
		}
		finally {
			POSTS.down(false);
		}
		assertThat(feed(viewer, "").postIds()).containsExactly(first.id(), second.id(), uncached.id());
	}

	@Test
	void recordsFeedReadsAndCacheLookupsAsMetrics() {
		long viewer = TestIds.user();
		feed(viewer, "");

		FeedReply metrics = new FeedClient(this.port, TOKENS).get("/actuator/prometheus", null);

		assertThat(metrics.body()).contains("pixelgram_feed_read_seconds_count")
			.contains("pixelgram_feed_cache_total{cache=\"feed\",result=\"miss\"}")
			.contains("http_server_requests_seconds_count")
			.as("the bucket at the feed's latency objective, which its alert counts on")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/feed\",le=\"0\\.5\"}")
			.as("no long task timer per observation (common-lib's defaults)")
			.doesNotContain("http_server_requests_active_seconds");
	}

}

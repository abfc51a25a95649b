package com.pixelgram.feed.read;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.feed.store.FeedStore;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Page 1 made afresh on every refresh, cursors through its snapshot and past it, the two
 * orders, and a warm read served from Redis alone.
 */
class FeedPagingTest extends FeedIntegrationTest {

	@Test
	void aPostPublishedAfterAReadIsOnTheNextPageOne() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.followers(alice, List.of(viewer));
		Post old = POSTS.post(alice, Duration.ofHours(1));
		assertThat(feed(viewer, "").postIds()).containsExactly(old.id());

		Post fresh = POSTS.post(alice, Duration.ZERO);
		publish(published(fresh));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(viewer, fresh.id()));

		assertThat(feed(viewer, "").postIds()).containsExactly(fresh.id(), old.id());
		assertThat(feed(viewer, "?order=latest").postIds()).containsExactly(fresh.id(), old.id());
	}

	@Test
	void cursorPagesAreDisjointAndCoverTheSnapshotWhileNewPostsArrive() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		USERS.followers(alice, List.of(viewer));
		List<Long> original = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			original.add(POSTS.post((i % 2 == 0) ? alice : bob, Duration.ofMinutes(10L + i)).id());
		}
		FeedReply first = feed(viewer, "?limit=10");
		assertThat(first.json().path("next_cursor").isString()).isTrue();
		assertThat(first.link())
			.isEqualTo("</v1/feed?cursor=" + first.json().path("next_cursor").asString() + "&limit=10>; rel=\"next\"");
		Post fresh = POSTS.post(alice, Duration.ZERO);
		publish(published(fresh));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(viewer, fresh.id()));

		List<Long> seen = new ArrayList<>(first.postIds());
		FeedReply page = first;
		for (int i = 0; i < 5 && page.json().has("next_cursor"); i++) {
			page = feed(viewer, "?limit=10&cursor=" + page.json().path("next_cursor").asString());
			assertThat(page.status()).isEqualTo(200);
			seen.addAll(page.postIds());
		}

		assertThat(page.json().has("next_cursor")).as("the last page says so").isFalse();
		assertThat(page.link()).isNull();
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(original);
		assertThat(feed(viewer, "?limit=10").postIds()).as("a refresh shows the new post").startsWith(fresh.id());
	}

	@Test
	void theFeedGoesOnPastTheRankedWindowNewestFirst() {
		long viewer = TestIds.user();
		List<Long> authors = List.of(TestIds.user(), TestIds.user(), TestIds.user());
		authors.forEach((author) -> USERS.follow(viewer, author));
		List<Long> all = new ArrayList<>();
		for (int i = 0; i < 45; i++) {
			all.add(POSTS.post(authors.get(i % 3), Duration.ofMinutes(5L + i)).id());
		}

		List<Long> seen = new ArrayList<>();
		FeedReply page = feed(viewer, "?limit=8");
		seen.addAll(page.postIds());
		int pages = 1;
		while (page.json().has("next_cursor") && pages < 20) {
			page = feed(viewer, "?limit=8&cursor=" + page.json().path("next_cursor").asString());
			seen.addAll(page.postIds());
			pages++;
		}

		// The window holds the newest 30; the 15 older ones follow it, newest first.
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
		assertThat(seen.subList(30, 45)).containsExactlyElementsOf(all.subList(30, 45));
	}

	@Test
	void aCelebrityWithManyRecentPostsIsPagedThroughWithoutGapsOrRepeats() {
		long viewer = TestIds.user();
		long celebrity = TestIds.user();
		long friend = TestIds.user();
		USERS.follow(viewer, celebrity);
		USERS.follow(viewer, friend);
		USERS.followerCount(celebrity, 5000);
		this.redis.opsForValue().set(this.keys.followerCount(celebrity), "5000");
		List<Long> all = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Post post = POSTS.post(celebrity, Duration.ofMinutes(1L + i));
			this.redis.opsForZSet()
				.add(this.keys.authorPosts(celebrity), Long.toString(post.id()), FeedStore.score(post.id()));
			all.add(post.id());
		}
		for (int i = 0; i < 5; i++) {
			all.add(POSTS.post(friend, Duration.ofDays(1L + i)).id());
		}

		for (String order : List.of("ranked", "latest")) {
			List<Long> seen = new ArrayList<>();
			FeedReply page = feed(viewer, "?limit=7&order=" + order);
			seen.addAll(page.postIds());
			for (int i = 0; i < 20 && page.json().has("next_cursor"); i++) {
				page = feed(viewer, "?limit=7&cursor=" + page.json().path("next_cursor").asString());
				seen.addAll(page.postIds());
			}

			assertThat(seen).as(order).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
		}
	}

	@Test
	void latestIsStrictlyNewestFirstWhateverTheEngagement() {
		long viewer = TestIds.user();
		long popular = TestIds.user();
		long quiet = TestIds.user();
		USERS.follow(viewer, popular);
		USERS.follow(viewer, quiet);
		USERS.followerCount(popular, 10);
		Post engaging = POSTS.post(popular, Duration.ofHours(1), 40, 20);
		Post newest = POSTS.post(quiet, Duration.ofMinutes(1));
		Post middle = POSTS.post(quiet, Duration.ofMinutes(30));

		FeedReply ranked = feed(viewer, "");
		FeedReply latest = feed(viewer, "?order=latest&limit=2");

		// engaging: 0.5/2 + 0.3·1 = 0.55; newest: 0.5/1.02 = 0.49
		assertThat(ranked.postIds()).startsWith(engaging.id());
		assertThat(latest.postIds()).containsExactly(newest.id(), middle.id());
		FeedReply rest = feed(viewer, "?limit=2&cursor=" + latest.json().path("next_cursor").asString());
		assertThat(rest.postIds()).containsExactly(engaging.id());
		List<Instant> times = new ArrayList<>();
		latest.json().path("posts").forEach((item) -> times.add(Instant.parse(item.path("created_at").asString())));
		assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
	}

	@Test
	void refusesAnUnknownOrderAndForgedOrStaleCursorsWithValidationProblems() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		for (int i = 0; i < 6; i++) {
			POSTS.post(alice, Duration.ofMinutes(1L + i));
		}
		String cursor = feed(viewer, "?limit=2").json().path("next_cursor").asString();
		feed(viewer, "?limit=2");
		String other = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("1rsforged.2".getBytes(StandardCharsets.US_ASCII));

		for (String query : List.of("?order=popular", "?cursor=not-a-cursor", "?cursor=" + other, "?cursor=" + cursor,
				"?cursor=%00%ff", "?page=2&cursor=" + cursor, "?page=101")) {
			FeedReply reply = feed(viewer, query);
			assertThat(reply.status()).as(query).isEqualTo(400);
			assertThat(reply.headers().getContentType()).as(query).hasToString("application/problem+json");
			assertThat(reply.json().path("type").asString()).isEqualTo("https://pixelgram.dev/problems/validation");
		}
		String mine = feed(viewer, "?limit=2").json().path("next_cursor").asString();
		assertThat(feed(TestIds.user(), "?cursor=" + mine).status()).as("another viewer's cursor").isEqualTo(400);
		assertThat(feed(viewer, "?order=latest&cursor=" + mine).status()).as("a cursor of the other order")
			.isEqualTo(400);
	}

	@Test
	void aWarmReadAsksNoOtherService() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.followers(alice, List.of(viewer));
		Post old = POSTS.post(alice, Duration.ofHours(2), 3, 1);
		feed(viewer, "");
		Post fresh = POSTS.post(alice, Duration.ZERO);
		publish(published(fresh));
		publish(new LikeCreated(old.id(), alice, viewer, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> inFeed(viewer, fresh.id())
					&& this.redis.opsForHash().get(this.keys.likes(viewer), Long.toString(old.id())) != null);
		awaitQueueDrained();
		List<String> before = callsAbout(viewer, alice, old.id(), fresh.id());

		FeedReply reply = feed(viewer, "");

		assertThat(reply.postIds()).containsExactly(fresh.id(), old.id());
		assertThat(reply.post(old.id()).path("liked_by_me").asBoolean()).as("from the like event").isTrue();
		assertThat(reply.post(fresh.id()).path("liked_by_me").asBoolean()).isFalse();
		assertThat(reply.post(fresh.id()).path("renditions").size()).as("the post came whole with its event")
			.isEqualTo(4);
		assertThat(callsAbout(viewer, alice, old.id(), fresh.id())).as("calls to user- and post-service")
			.containsExactlyElementsOf(before);
	}

	@Test
	void likeEventsArrivingOutOfOrderLeaveTheNewestChange() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post post = POSTS.post(alice, Duration.ofMinutes(5));
		Instant liked = Instant.now().minusSeconds(10);
		publish(new LikeDeleted(post.id(), alice, viewer, liked.plusSeconds(5)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.opsForHash().get(this.keys.likes(viewer), Long.toString(post.id())) != null);

		publish(new LikeCreated(post.id(), alice, viewer, liked));
		awaitQueueDrained();

		assertThat(feed(viewer, "").post(post.id()).path("liked_by_me").asBoolean()).isFalse();
	}

	@Test
	void aPostOfAnUnfollowedAuthorThatARacingFanoutWroteBackIsNotShown() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		Post kept = POSTS.post(bob, Duration.ofHours(1));
		Post gone = POSTS.post(alice, Duration.ofMinutes(30));
		assertThat(feed(viewer, "").postIds()).containsExactly(gone.id(), kept.id());
		USERS.unfollow(viewer, alice);
		publish(new FollowDeleted(viewer, alice, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).until(() -> !inFeed(viewer, gone.id()));

		// A walk that read the follower list before the unfollow writes the post back:
		this.redis.opsForZSet().add(this.keys.feed(viewer), Long.toString(gone.id()), FeedStore.score(gone.id()));

		assertThat(feed(viewer, "").postIds()).containsExactly(kept.id());
		assertThat(inFeed(viewer, gone.id())).as("and it leaves the feed").isFalse();
	}

	@Test
	void aPostDeletedAfterPageOneIsNotOnTheLaterPagesOfItsSnapshot() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post newer = POSTS.post(alice, Duration.ofMinutes(1));
		Post older = POSTS.post(alice, Duration.ofMinutes(2));
		FeedReply first = feed(viewer, "?order=latest&limit=1");
		assertThat(first.postIds()).containsExactly(newer.id());
		POSTS.delete(older.id());
		publish(new PostDeleted(older.id(), alice, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.hasKey(this.keys.deleted(older.id())));

		FeedReply second = feed(viewer, "?order=latest&page=2&limit=1");

		assertThat(second.status()).isEqualTo(200);
		assertThat(second.postIds()).isEmpty();
	}

	/** Calls to the stubs that name the viewer, the author or the posts. */
	private static List<String> callsAbout(long viewer, long author, long... posts) {
		List<String> names = new ArrayList<>(List.of(Long.toString(viewer), Long.toString(author)));
		for (long post : posts) {
			names.add(Long.toString(post));
		}
		List<String> calls = new ArrayList<>(USERS.calls());
		calls.addAll(POSTS.calls());
		return calls.stream().filter((call) -> names.stream().anyMatch(call::contains)).toList();
	}

}

package com.pixelgram.feed.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-viewer hash of liked posts, against real Redis. */
class LikedPostsTest extends FeedIntegrationTest {

	@Autowired
	LikedPosts likes;

	@Test
	void knowsTheNewestChangeWhateverTheOrderOfTheEvents() {
		long viewer = TestIds.user();
		long post = TestIds.at(Instant.now().minus(Duration.ofDays(1)));
		Instant liked = Instant.now().minusSeconds(60);

		this.likes.record(viewer, post, false, liked.plusSeconds(10));
		this.likes.record(viewer, post, true, liked);
		long other = TestIds.at(Instant.now().minus(Duration.ofDays(1)));
		this.likes.record(viewer, other, true, liked);
		this.likes.record(viewer, other, true, liked);

		assertThat(known(viewer, post, other)).containsEntry(post, false).containsEntry(other, true);
	}

	@Test
	void tellsAPostMadeSinceItBeganIsNotLikedButAsksAboutOlderOnes() {
		long viewer = TestIds.user();
		long old = TestIds.at(Instant.now().minus(Duration.ofDays(2)));
		this.likes.remember(viewer, List.of(old), Set.of(old));
		long fresh = TestIds.at(Instant.now().plusMillis(5));
		long unknown = TestIds.at(Instant.now().minus(Duration.ofDays(1)));

		Map<Long, Boolean> known = known(viewer, old, fresh, unknown);

		assertThat(known).containsEntry(old, true).containsEntry(fresh, false).doesNotContainKey(unknown);
		assertThat(known(TestIds.user(), fresh)).as("a viewer without a hash").isEmpty();
	}

	@Test
	void whatPostServiceSaidNeverOverridesAnEvent() {
		long viewer = TestIds.user();
		long post = TestIds.at(Instant.now().minus(Duration.ofDays(1)));
		this.likes.record(viewer, post, false, Instant.now());

		this.likes.remember(viewer, List.of(post), Set.of(post));

		assertThat(known(viewer, post)).containsEntry(post, false);
		this.likes.record(viewer, post, true, Instant.now().plusSeconds(1));
		assertThat(known(viewer, post)).containsEntry(post, true);
	}

	@Test
	void keepsTheNewestPostsAndForgetsTheOldestOnes() {
		long viewer = TestIds.user();
		int kept = 2000;
		List<Long> posts = new ArrayList<>();
		Instant start = Instant.now().minus(Duration.ofDays(3));
		for (int i = 0; i < kept + kept / 4 + 2; i++) {
			posts.add(TestIds.at(start.plusSeconds(i)));
		}
		posts.forEach((post) -> this.likes.record(viewer, post, true, Instant.now()));

		Map<Long, Boolean> known = known(viewer, posts.stream().mapToLong(Long::longValue).toArray());

		// Past liked-posts-kept and a quarter the hash is cut back to the newest ones;
		// the
		// older ones are unknown again, though made after the hash began.
		int cut = posts.size() - kept;
		assertThat(known.keySet()).containsExactlyInAnyOrderElementsOf(posts.subList(cut, posts.size()));
		assertThat(this.redis.opsForHash().get(this.keys.likes(viewer), "floor"))
			.isEqualTo(Long.toString(posts.get(cut - 1)));
		assertThat(this.redis.getExpire(this.keys.likes(viewer))).isPositive();
	}

	private Map<Long, Boolean> known(long viewer, long... postIds) {
		List<Long> ids = new ArrayList<>();
		for (long id : postIds) {
			ids.add(id);
		}
		List<Object> replies = Pipelines.run(this.redis, (connection) -> this.likes.get(connection, viewer, ids));
		return LikedPosts.known(ids, replies.get(0));
	}

}

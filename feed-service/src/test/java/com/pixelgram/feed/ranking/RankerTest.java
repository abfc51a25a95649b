package com.pixelgram.feed.ranking;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.clients.PostView;
import com.pixelgram.feed.support.TestIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankerTest {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	final Ranker ranker = new Ranker(properties());

	@Test
	void scoresAFreshPostWithoutEngagementOrAffinityByRecencyAlone() {
		assertThat(this.ranker.score(post(1, Duration.ZERO, 0, 0), 10L, 0, NOW)).isCloseTo(0.5, within(1e-9));
		assertThat(this.ranker.score(post(1, Duration.ofHours(3), 0, 0), 10L, 0, NOW)).isCloseTo(0.125, within(1e-9));
	}

	@Test
	void weighsEngagementAgainstTheAuthorsFollowersAndCapsIt() {
		PostView post = post(1, Duration.ofHours(1), 30, 20);

		assertThat(this.ranker.score(post, 100L, 0, NOW)).isCloseTo(0.25 + 0.3 * 0.5, within(1e-9));
		assertThat(this.ranker.score(post, 0L, 0, NOW)).as("capped at 1").isCloseTo(0.25 + 0.3, within(1e-9));
		assertThat(this.ranker.score(post, null, 0, NOW)).as("followers unknown").isCloseTo(0.25, within(1e-9));
	}

	@Test
	void addsTheViewersAffinityToTheAuthor() {
		assertThat(this.ranker.score(post(1, Duration.ofHours(1), 0, 0), 10L, 1.0, NOW)).isCloseTo(0.45, within(1e-9));
	}

	@Test
	void ordersBestFirstAndBreaksTiesByTheNewerPost() {
		PostView older = post(1, Duration.ofHours(2), 0, 0);
		PostView newer = post(2, Duration.ofHours(1), 0, 0);
		PostView liked = post(3, Duration.ofHours(4), 0, 0);
		PostView twin = new PostView(older.postId() + 1, older.userId(), null, null, null, null, null, null, 0, 0, 0, 0,
				PostView.READY, older.createdAt());

		List<Long> ranked = this.ranker.rank(List.of(older, newer, liked, twin), Map.of(), Map.of(3L, 1.0), NOW);

		// liked: 0.5/5 + 0.2 = 0.3; newer: 0.25; the twins: 0.167 each
		assertThat(ranked).containsExactly(liked.postId(), newer.postId(), twin.postId(), older.postId());
	}

	@Test
	void ranksCandidatesAsItRanksTheirPosts() {
		PostView older = post(1, Duration.ofHours(2), 30, 0);
		PostView newer = post(2, Duration.ofHours(1), 0, 0);
		PostView liked = post(3, Duration.ofHours(4), 0, 0);
		List<PostView> posts = List.of(older, newer, liked);
		Map<Long, Long> followers = Map.of(1L, 100L, 2L, 100L);
		Map<Long, Double> affinity = Map.of(3L, 1.0);

		List<Long> ranked = this.ranker.rankCandidates(posts.stream()
			.map((post) -> new Ranker.Candidate(post.postId(), post.userId(), post.likesCount() + post.commentsCount()))
			.toList(), followers, affinity, NOW);

		// older: 0.5/3 + 0.3·0.3 = 0.257; newer: 0.25; liked: 0.5/5 + 0.2 = 0.3
		assertThat(ranked).containsExactly(liked.postId(), older.postId(), newer.postId())
			.isEqualTo(this.ranker.rank(posts, followers, affinity, NOW));
	}

	private static PostView post(long authorId, Duration age, long likes, long comments) {
		Instant created = NOW.minus(age);
		return new PostView(TestIds.at(created), authorId, null, null, null, null, null, null, 0, 0, likes, comments,
				PostView.READY, created);
	}

	private static FeedProperties properties() {
		return new FeedProperties(URI.create("http://users"), URI.create("http://posts"),
				new FeedProperties.Clients(Duration.ofSeconds(1), Duration.ofSeconds(1), 100), null, null,
				new FeedProperties.Ranking(Duration.ofMinutes(5), 300, 20, 0.5, 0.3, 0.2, 1, 2, Duration.ofDays(90),
						Duration.ofSeconds(30), 1000),
				new FeedProperties.Cache(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24),
						Duration.ofDays(30), 2000, Duration.ofSeconds(10), 1000),
				new FeedProperties.Paging(20, 100, 100));
	}

}

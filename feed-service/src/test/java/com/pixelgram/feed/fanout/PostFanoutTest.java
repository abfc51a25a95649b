package com.pixelgram.feed.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.feed.store.FeedStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostFanoutTest extends FeedIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Test
	void pushesANewPostToEveryActiveFollowerAcrossPagesAndSkipsInactiveOnes() {
		long author = TestIds.user();
		// Every tenth follower inactive: the script of each batch checks each follower.
		List<Long> everyone = users(2800);
		List<Long> active = new ArrayList<>();
		List<Long> inactive = new ArrayList<>();
		for (int i = 0; i < everyone.size(); i++) {
			(i % 10 == 3 ? inactive : active).add(everyone.get(i));
		}
		USERS.followers(author, everyone);
		markActive(active);
		Post post = POSTS.post(author, Duration.ofMinutes(1));

		publish(published(post));

		awaitFanoutDone(post, active);
		assertThat(active).allSatisfy((follower) -> assertThat(feedOf(follower)).containsExactly(post.id()));
		assertThat(inactive).allSatisfy((follower) -> assertThat(inFeed(follower, post.id())).isFalse());
		assertThat(inFeed(author, post.id())).as("the author's own feed").isTrue();
		assertThat(this.redis.opsForZSet().score(this.keys.authorPosts(author), Long.toString(post.id()))).isNotNull();
		// 2,800 followers in pages of 500.
		assertThat(new java.util.HashSet<>(USERS.followerCursors(author))).hasSize(6);
		assertThat(this.meters.get("pixelgram.feed.fanout.size").summary().max()).as("the active and the author")
			.isGreaterThanOrEqualTo(2521);
		assertThat(this.meters.get("pixelgram.feed.fanout.lag").timer().count()).isPositive();
		assertThat(List.of("followers", "followers-wait", "write")).allSatisfy((
				stage) -> assertThat(this.meters.get("pixelgram.feed.fanout.stage").tag("stage", stage).timer().count())
					.as(stage)
					.isGreaterThanOrEqualTo(6));
	}

	@Test
	void trimsAFollowersFeedToTheNewest800PostsOnceItHoldsMoreThanTheSlack() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		List<Long> older = fillFeed(follower, 800 + FeedStore.TRIM_SLACK);
		Post post = POSTS.post(author, Duration.ZERO);

		publish(published(post));

		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		Set<Long> feed = feedOf(follower);
		assertThat(feed).hasSize(800).contains(post.id()).doesNotContainAnyElementsOf(older.subList(0, 33));
		assertThat(feed).containsAll(older.subList(33, older.size()));
	}

	@Test
	void letsAFeedRunOverByTheSlackBeforeTrimmingIt() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		List<Long> older = fillFeed(follower, 800);
		this.redis.expire(this.keys.feed(follower), Duration.ofDays(1));
		Post post = POSTS.post(author, Duration.ZERO);

		publish(published(post));

		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		assertThat(feedOf(follower)).hasSize(801).containsAll(older);
		assertThat(this.redis.getExpire(this.keys.feed(follower)))
			.as("an existing feed keeps the expiry its last read gave it")
			.isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
	}

	@Test
	void treatsEachFeedOfAPageOnItsOwnThoughOneScriptWritesThemAll() {
		long author = TestIds.user();
		long full = TestIds.user();
		long existing = TestIds.user();
		long created = TestIds.user();
		List<Long> followers = List.of(full, existing, created);
		USERS.followers(author, followers);
		markActive(followers);
		List<Long> older = fillFeed(full, 800 + FeedStore.TRIM_SLACK);
		fillFeed(existing, 3);
		this.redis.expire(this.keys.feed(existing), Duration.ofDays(1));
		Post post = POSTS.post(author, Duration.ZERO);

		publish(published(post));

		awaitFanoutDone(post, followers);
		assertThat(feedOf(full)).hasSize(800).contains(post.id()).doesNotContainAnyElementsOf(older.subList(0, 33));
		assertThat(feedOf(existing)).hasSize(4).contains(post.id());
		assertThat(this.redis.getExpire(this.keys.feed(existing))).isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
		assertThat(feedOf(created)).containsExactly(post.id());
		assertThat(this.redis.getExpire(this.keys.feed(created))).isGreaterThan(Duration.ofDays(14).toSeconds());
	}

	@Test
	void setsTheExpiryOfAFeedTheFanoutCreatesAndLoadsItsScriptAfterRedisLostIt() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		markActive(List.of(follower));
		this.redis.execute((org.springframework.data.redis.core.RedisCallback<Void>) (connection) -> {
			connection.scriptingCommands().scriptFlush();
			return null;
		});
		Post post = POSTS.post(author, Duration.ZERO);

		publish(published(post));

		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, post.id()));
		assertThat(this.redis.getExpire(this.keys.feed(follower))).isGreaterThan(Duration.ofDays(14).toSeconds());
	}

	@Test
	void doesNotPushACelebrityPostButFollowersSeeItByPull() {
		long celebrity = TestIds.user();
		long friend = TestIds.user();
		long follower = TestIds.user();
		USERS.followerCount(celebrity, 5000);
		USERS.follow(follower, celebrity);
		USERS.follow(follower, friend);
		markActive(List.of(follower));
		Post fromFriend = POSTS.post(friend, Duration.ofMinutes(5));
		publish(published(fromFriend));
		await().atMost(Duration.ofSeconds(20)).until(() -> inFeed(follower, fromFriend.id()));
		Post fromCelebrity = POSTS.post(celebrity, Duration.ofMinutes(1));

		publish(published(fromCelebrity));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.opsForZSet()
				.score(this.keys.authorPosts(celebrity), Long.toString(fromCelebrity.id())) != null);
		assertThat(USERS.followerCursors(celebrity)).as("a celebrity's followers are never walked").isEmpty();
		assertThat(inFeed(follower, fromCelebrity.id())).isFalse();
		FeedReply page = feed(follower, "");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.postIds()).containsExactlyInAnyOrder(fromCelebrity.id(), fromFriend.id());
		assertThat(inFeed(follower, fromCelebrity.id())).as("pulled at read time, not stored").isFalse();
	}

	@Test
	void aFanoutThatDiesHalfwayResumesFromItsCheckpointAndGivesEveryFollowerThePostOnce() {
		long author = TestIds.user();
		List<Long> followers = new ArrayList<>(users(1200));
		followers.sort(Comparator.naturalOrder());
		USERS.followers(author, followers);
		markActive(followers);
		// Pages of 500: the third page (after the 1,000th follower) fails once.
		String thirdPage = Long.toString(followers.get(999));
		USERS.failFollowersPageOnce(author, followers.get(999));
		Post post = POSTS.post(author, Duration.ofMinutes(1));

		publish(published(post));

		awaitFanoutDone(post, followers);
		assertThat(USERS.followerCursors(author)).containsExactly("start", Long.toString(followers.get(499)), thirdPage,
				thirdPage);
		assertThat(followers).allSatisfy((follower) -> assertThat(feedOf(follower)).containsExactly(post.id()));
		assertThat(this.redis.hasKey(this.keys.fanoutCheckpoint(post.id()))).isFalse();
	}

	@Test
	void aRedeliveredPublishChangesNothing() {
		long author = TestIds.user();
		List<Long> followers = users(3);
		USERS.followers(author, followers);
		markActive(followers);
		Post post = POSTS.post(author, Duration.ofMinutes(1));
		String body = this.codec.encode(java.util.UUID.randomUUID(), java.time.Instant.now(), published(post));

		send(body);
		awaitFanoutDone(post, followers);
		Map<Long, Set<Long>> before = feeds(followers);
		send(body);

		await().atMost(Duration.ofSeconds(20)).until(() -> USERS.followerCursors(author).size() == 2);
		awaitQueueDrained();
		assertThat(feeds(followers)).isEqualTo(before);
		assertThat(FeedStore.ids(this.redis.opsForZSet().reverseRange(this.keys.authorPosts(author), 0, -1)))
			.containsExactly(post.id());
		assertThat(this.redis.hasKey(this.keys.fanoutCheckpoint(post.id()))).isFalse();
	}

	private Map<Long, Set<Long>> feeds(List<Long> users) {
		Map<Long, Set<Long>> feeds = new java.util.HashMap<>();
		users.forEach((user) -> feeds.put(user, feedOf(user)));
		return feeds;
	}

	/** Every follower has the post and no checkpoint is left: the walk ended. */
	private void awaitFanoutDone(Post post, List<Long> followers) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> followers.stream().allMatch((follower) -> inFeed(follower, post.id()))
					&& !this.redis.hasKey(this.keys.fanoutCheckpoint(post.id())));
	}

	/** Puts posts of three days ago into a follower's feed, oldest first. */
	private List<Long> fillFeed(long follower, int posts) {
		List<Long> older = new ArrayList<>();
		for (int i = 0; i < posts; i++) {
			older.add(TestIds.at(java.time.Instant.now().minus(Duration.ofDays(3)).plusSeconds(i)));
		}
		Pipelines.run(this.redis, (connection) -> older
			.forEach((id) -> connection.zAdd(this.keys.feed(follower), FeedStore.score(id), Long.toString(id))));
		return older;
	}

}

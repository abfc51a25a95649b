package com.pixelgram.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.events.LikeCreated;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.testsupport.embedded.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed on a real Redis Cluster of three masters, each with a replica: every key is
 * per user, per post or per event, so fanout scripts, pipelines and the caches work
 * unchanged once their commands are routed per node, and a master's failover costs reads
 * only while its slots have no master.
 */
class RedisClusterTest extends FeedIntegrationTest {

	private static final EmbeddedRedisCluster CLUSTER = EmbeddedRedisCluster.start(3, 1);

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) {
		// a cluster configuration wins over the standalone URL of the base class
		registry.add("spring.data.redis.cluster.nodes", () -> String.join(",", CLUSTER.nodes()));
	}

	@AfterAll
	static void stopCluster() {
		CLUSTER.close();
	}

	@Test
	void fansAPostOutToFollowersOnEveryMasterAndServesTheirPages() {
		long author = TestIds.user();
		List<Long> followers = users(1500);
		USERS.followers(author, followers);
		markActive(followers);
		Post post = POSTS.post(author, Duration.ofMinutes(1));

		publish(published(post));

		await().atMost(Duration.ofSeconds(60))
			.until(() -> followers.stream().allMatch((follower) -> inFeed(follower, post.id()))
					&& !this.redis.hasKey(this.keys.fanoutCheckpoint(post.id())));
		assertThat(CLUSTER.keysPerMaster()).as("feeds spread over every master")
			.allSatisfy((keys) -> assertThat(keys).isGreaterThan(100));
		long viewer = followers.get(7);
		publish(new LikeCreated(post.id(), author, viewer, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			FeedReply page = feed(viewer, "");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.postIds()).containsExactly(post.id());
			assertThat(page.post(post.id()).path("caption").asString()).isEqualTo("caption of " + post.id());
			assertThat(page.post(post.id()).path("liked_by_me").asBoolean()).isTrue();
		});
	}

	@Test
	void keepsServingFeedsThroughTheFailoverOfAMasterAndFansOutAfterIt() throws InterruptedException {
		long author = TestIds.user();
		List<Long> followers = users(300);
		USERS.followers(author, followers);
		markActive(followers);
		Post before = POSTS.post(author, Duration.ofMinutes(2));
		publish(published(before));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> followers.stream().allMatch((follower) -> inFeed(follower, before.id())));
		long viewer = followers.get(0);
		assertThat(feed(viewer, "").postIds()).containsExactly(before.id());

		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicBoolean reading = new AtomicBoolean(true);
		Thread reader = new Thread(() -> {
			while (reading.get()) {
				statuses.computeIfAbsent(feed(viewer, "").status(), (status) -> new AtomicInteger()).incrementAndGet();
			}
		}, "feed-reader");
		reader.start();
		Duration withoutMaster = CLUSTER.killMasterOf(this.keys.feed(viewer));
		Instant promoted = Instant.now();
		// the service's client has read the new topology: the promoted replica serves the
		// feed from Redis (a 200 alone could be the pull from the services)
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> this.redis.opsForZSet().score(this.keys.feed(viewer), Long.toString(before.id())) != null);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			FeedReply page = feed(viewer, "");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.postIds()).containsExactly(before.id());
		});
		Duration recovery = Duration.between(promoted, Instant.now());
		reading.set(false);
		reader.join();

		assertThat(statuses.keySet())
			.as("reads during a failover (slots without a master for %s): %s", withoutMaster, statuses)
			.isSubsetOf(200, 503);
		assertThat(recovery).as("whole again after the promotion").isLessThan(Duration.ofSeconds(5));
		Post after = POSTS.post(author, Duration.ofMinutes(1));
		publish(published(after));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> followers.stream().allMatch((follower) -> inFeed(follower, after.id())));
		assertThat(feed(viewer, "?order=latest").postIds()).containsExactly(after.id(), before.id());
	}

}

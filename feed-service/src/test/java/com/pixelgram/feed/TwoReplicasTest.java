package com.pixelgram.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.support.FeedClient;
import com.pixelgram.feed.support.FeedIntegrationTest;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.testsupport.Replicas;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second replica beside the test's own, on the same queue and Redis, as a deployment
 * scaled out runs them: each event is handled by whichever replica receives it, some
 * twice (redelivered), and the effects still count once.
 */
class TwoReplicasTest extends FeedIntegrationTest {

	private static ConfigurableApplicationContext second;

	@Autowired
	ApplicationContext first;

	@BeforeEach
	void startSecondReplica() {
		if (second == null) {
			second = Replicas.another(this.first, FeedServiceApplication.class);
		}
	}

	@AfterAll
	static void stopSecondReplica() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void eachEventTakesEffectOnceWhicheverReplicaHandlesItAndHowEverOftenItComes() {
		long author = TestIds.user();
		List<Long> followers = users(1000);
		USERS.followers(author, followers);
		markActive(followers);
		List<Post> posts = IntStream.range(0, 10)
			.mapToObj((i) -> POSTS.post(author, Duration.ofMinutes(20 - i)))
			.toList();
		List<DomainEvent> publications = posts.stream().map((post) -> (DomainEvent) published(post)).toList();
		Post liked = posts.get(0);
		List<Long> likers = followers.subList(0, 60);
		List<DomainEvent> interactions = new ArrayList<>();
		likers.forEach((liker) -> interactions.add(new LikeCreated(liked.id(), author, liker, Instant.now())));
		likers.subList(0, 20)
			.forEach((commenter) -> interactions
				.add(new CommentCreated(TestIds.user(), liked.id(), author, commenter, "nice", Instant.now())));
		List<Long> fanoutsBefore = fanoutsByEach();

		// every message twice, as at-least-once delivery may; likes and comments once
		// the posts are visible, as users make them
		sendTwice(publications);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> followers.stream()
				.allMatch((follower) -> this.redis.opsForZSet().size(this.keys.feed(follower)) == posts.size()));
		await().atMost(Duration.ofSeconds(60)).until(() -> fanoutsSince(fanoutsBefore).sum() == 2 * posts.size());
		sendTwice(interactions);

		assertThat(fanoutsSince(fanoutsBefore).boxed().toList()).as("fanouts each replica ran")
			.allSatisfy((fanouts) -> assertThat(fanouts).isPositive());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.redis.opsForHash().get(this.keys.post(liked.id()), PostCache.LIKES)).isEqualTo("60");
			assertThat(this.redis.opsForHash().get(this.keys.post(liked.id()), PostCache.COMMENTS)).isEqualTo("20");
		});
		assertThat(followers)
			.allSatisfy((follower) -> assertThat(this.redis.opsForZSet().size(this.keys.feed(follower)))
				.isEqualTo(posts.size()));
		FeedReply page = new FeedClient(port(second), TOKENS).feed(likers.get(0), "?order=latest&limit=20");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.postIds()).hasSize(posts.size()).doesNotHaveDuplicates();
		assertThat(page.post(liked.id()).path("likes_count").asLong()).isEqualTo(60);
		assertThat(page.post(liked.id()).path("liked_by_me").asBoolean()).isTrue();
	}

	/** The fanouts (a publication delivered and walked) each replica has run so far. */
	private List<Long> fanoutsByEach() {
		return Stream.of(this.first, second)
			.map((context) -> context.getBean(MeterRegistry.class)
				.find("pixelgram.feed.fanout.size")
				.summaries()
				.stream()
				.mapToLong((summary) -> summary.count())
				.sum())
			.toList();
	}

	/** The fanouts each replica has run since the counts given. */
	private LongStream fanoutsSince(List<Long> before) {
		List<Long> now = fanoutsByEach();
		return IntStream.range(0, now.size()).mapToLong((i) -> now.get(i) - before.get(i));
	}

	/** Each event, then each again, with the same event ID as a redelivery has. */
	private void sendTwice(List<DomainEvent> events) {
		List<String> bodies = events.stream()
			.map((event) -> this.codec.encode(UUID.randomUUID(), Instant.now(), event))
			.toList();
		bodies.forEach(this::send);
		bodies.forEach(this::send);
	}

	private static int port(ApplicationContext replica) {
		return ((WebServerApplicationContext) replica).getWebServer().getPort();
	}

}

package com.pixelgram.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.support.FeedClient;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.feed.support.UserServiceStub;
import com.pixelgram.testsupport.TestJwks;
import com.pixelgram.testsupport.TestRedis;
import com.pixelgram.testsupport.TestSqs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of feed-service on one queue and one Redis, as a deployment scaled out
 * runs them: each event is handled by whichever replica receives it, some twice
 * (redelivered), and the effects still count once.
 */
class TwoReplicasTest {

	private static final String INTERNAL_TOKEN = "feed-replicas-internal-token";

	private static final UserServiceStub USERS = new UserServiceStub(INTERNAL_TOKEN);

	private static final PostServiceStub POSTS = new PostServiceStub(INTERNAL_TOKEN);

	private static final TestJwks TOKENS = TestJwks.start();

	private static final EventCodec CODEC = new EventCodec();

	private static String queuePrefix;

	private static List<ConfigurableApplicationContext> replicas;

	@BeforeAll
	static void startTwoReplicas() {
		String keyPrefix = TestRedis.uniquePrefix("feed-replicas");
		queuePrefix = TestSqs.uniqueQueuePrefix("feed-replicas");
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.data.redis.url", TestRedis.url());
		properties.put("spring.data.redis.timeout", "5s");
		properties.put("pixelgram.redis.key-prefix", keyPrefix);
		properties.put("spring.cloud.aws.sqs.endpoint", TestSqs.endpoint());
		properties.put("spring.cloud.aws.region.static", "us-east-1");
		properties.put("spring.cloud.aws.credentials.access-key", "test");
		properties.put("spring.cloud.aws.credentials.secret-key", "test");
		properties.put("spring.cloud.aws.sqs.listener.poll-timeout", "1s");
		properties.put("pixelgram.events.queue-prefix", queuePrefix);
		properties.put("pixelgram.events.visibility-timeout", "3s");
		properties.put("pixelgram.feed.fanout.follower-page-size", "200");
		properties.put("pixelgram.feed.user-service-uri", USERS.uri());
		properties.put("pixelgram.feed.post-service-uri", POSTS.uri());
		properties.put("pixelgram.security.jwks-uri", TOKENS.jwksUri());
		properties.put("pixelgram.security.internal-token", INTERNAL_TOKEN);
		replicas = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			// as arguments: default properties would lose to the service's
			// application.yaml
			String[] arguments = properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new);
			replicas.add(new SpringApplicationBuilder(FeedServiceApplication.class).run(arguments));
		}
	}

	@AfterAll
	static void stopReplicas() {
		replicas.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void eachEventTakesEffectOnceWhicheverReplicaHandlesItAndHowEverOftenItComes() {
		long author = TestIds.user();
		List<Long> followers = IntStream.range(0, 1000).mapToObj((i) -> TestIds.user()).toList();
		USERS.followers(author, followers);
		RedisKeys keys = bean(0, RedisKeys.class);
		StringRedisTemplate redis = bean(0, StringRedisTemplate.class);
		followers.forEach((follower) -> redis.opsForValue().set(keys.active(follower), "1", Duration.ofHours(1)));
		List<Post> posts = IntStream.range(0, 10)
			.mapToObj((i) -> POSTS.post(author, Duration.ofMinutes(20 - i)))
			.toList();
		List<String> publications = posts.stream().map((post) -> encode(published(post))).toList();
		Post liked = posts.get(0);
		List<Long> likers = followers.subList(0, 60);
		List<String> interactions = new ArrayList<>();
		likers.forEach((liker) -> interactions.add(encode(new LikeCreated(liked.id(), author, liker, Instant.now()))));
		likers.subList(0, 20)
			.forEach((commenter) -> interactions
				.add(encode(new CommentCreated(TestIds.user(), liked.id(), author, commenter, "nice", Instant.now()))));

		// every message twice, as at-least-once delivery may; likes and comments once
		// the posts are visible, as users make them
		sendTwice(publications);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> followers.stream()
				.allMatch((follower) -> redis.opsForZSet().size(keys.feed(follower)) == posts.size()));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> fanoutsByEach().stream().mapToLong(Long::longValue).sum() == 2 * posts.size());
		sendTwice(interactions);

		assertThat(fanoutsByEach()).as("fanouts each replica ran")
			.allSatisfy((fanouts) -> assertThat(fanouts).isPositive());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(redis.opsForHash().get(keys.post(liked.id()), PostCache.LIKES)).isEqualTo("60");
			assertThat(redis.opsForHash().get(keys.post(liked.id()), PostCache.COMMENTS)).isEqualTo("20");
		});
		assertThat(followers)
			.allSatisfy((follower) -> assertThat(redis.opsForZSet().size(keys.feed(follower))).isEqualTo(posts.size()));
		FeedReply page = new FeedClient(port(1), TOKENS).feed(likers.get(0), "?order=latest&limit=20");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.postIds()).hasSize(posts.size()).doesNotHaveDuplicates();
		assertThat(page.post(liked.id()).path("likes_count").asLong()).isEqualTo(60);
		assertThat(page.post(liked.id()).path("liked_by_me").asBoolean()).isTrue();
	}

	@Test
	void aSuspensionHandledByEitherReplicaLeavesTheFeedsOfBothWithinSeconds() {
		long author = TestIds.user();
		long viewer = TestIds.user();
		USERS.follow(viewer, author);
		Post post = POSTS.post(author, Duration.ofMinutes(5));
		for (int replica = 0; replica < 2; replica++) {
			assertThat(feed(replica, viewer)).contains(post.id());
		}

		Instant at = Instant.now();
		send(encode(new UserSuspended(author, at)));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(feed(0, viewer)).doesNotContain(post.id());
			assertThat(feed(1, viewer)).doesNotContain(post.id());
		});

		send(encode(new UserReinstated(author, at.plusMillis(1))));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(feed(0, viewer)).contains(post.id());
			assertThat(feed(1, viewer)).contains(post.id());
		});
	}

	private static List<Long> feed(int replica, long viewer) {
		FeedReply page = new FeedClient(port(replica), TOKENS).feed(viewer, "?order=latest");
		assertThat(page.status()).isEqualTo(200);
		return page.postIds();
	}

	/** The fanouts (a publication delivered and walked) each replica has run so far. */
	private static List<Long> fanoutsByEach() {
		return replicas.stream()
			.map((context) -> context.getBean(MeterRegistry.class)
				.find("pixelgram.feed.fanout.size")
				.summaries()
				.stream()
				.mapToLong((summary) -> summary.count())
				.sum())
			.toList();
	}

	private static String encode(DomainEvent event) {
		return CODEC.encode(UUID.randomUUID(), Instant.now(), event);
	}

	/** Each message, then each again. */
	private static void sendTwice(List<String> bodies) {
		bodies.forEach(TwoReplicasTest::send);
		bodies.forEach(TwoReplicasTest::send);
	}

	private static void send(String body) {
		SqsAsyncClient sqs = bean(0, SqsAsyncClient.class);
		String url = sqs.getQueueUrl((request) -> request.queueName(queuePrefix + "feed-events")).join().queueUrl();
		sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	private static PostPublished published(Post post) {
		return new PostPublished(post.id(), post.authorId(), "https://cdn.test/p/" + post.id() + "/1080.jpg",
				"https://cdn.test/p/" + post.id() + "/150.jpg", "caption of " + post.id(), post.createdAt(), null, null,
				1080, 1350, PostServiceStub.Post.renditions(post.id()));
	}

	private static <T> T bean(int replica, Class<T> type) {
		return replicas.get(replica).getBean(type);
	}

	private static int port(int replica) {
		return ((WebServerApplicationContext) replicas.get(replica)).getWebServer().getPort();
	}

}

package com.pixelgram.feed.read;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.graph.HiddenAuthors;
import com.pixelgram.feed.support.FeedClient;
import com.pixelgram.feed.support.FeedReply;
import com.pixelgram.feed.support.PostServiceStub;
import com.pixelgram.feed.support.PostServiceStub.Post;
import com.pixelgram.feed.support.TestIds;
import com.pixelgram.testsupport.TestJwks;
import com.pixelgram.feed.support.UserServiceStub;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.TestRedis;
import com.pixelgram.testsupport.embedded.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service with its Redis down: reads pull from the services, probes stay up, events
 * wait in their queue (never in the dead-letter queue, however long the outage) and are
 * applied once Redis is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.security.internal-token=" + FeedWithoutRedisTest.INTERNAL_TOKEN,
				"spring.cloud.aws.sqs.listener.poll-timeout=1s", "pixelgram.events.visibility-timeout=3s",
				"pixelgram.feed.fanout.redis-down-retry=2s", "pixelgram.feed.fanout.redis-probe-interval=200ms",
				"pixelgram.events.max-receive-count=3", "pixelgram.feed.fanout.redis-busy-retry=1s",
				"pixelgram.resilience.circuit-breakers.feed-redis.wait-duration-in-open-state=100ms" })
class FeedWithoutRedisTest {

	static final String INTERNAL_TOKEN = "feed-no-redis-token";

	static final UserServiceStub USERS = new UserServiceStub(INTERNAL_TOKEN);

	static final PostServiceStub POSTS = new PostServiceStub(INTERNAL_TOKEN);

	static final TestJwks TOKENS = TestJwks.start();

	static final int REDIS_PORT = freePort();

	static String queuePrefix;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		queuePrefix = TestInfrastructure.sqs(registry, "feed-no-redis");
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + REDIS_PORT);
		registry.add("pixelgram.redis.key-prefix", () -> TestRedis.uniquePrefix("feed-no-redis"));
		registry.add("pixelgram.feed.user-service-uri", USERS::uri);
		registry.add("pixelgram.feed.post-service-uri", POSTS::uri);
		registry.add("pixelgram.security.jwks-uri", TOKENS::jwksUri);
	}

	@LocalServerPort
	int port;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	MeterRegistry meters;

	@Autowired
	HiddenAuthors hidden;

	@Test
	void servesTheFeedByPullingFromTheServices() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long bob = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, bob);
		Post fromAlice = POSTS.post(alice, Duration.ofMinutes(10));
		Post fromBob = POSTS.post(bob, Duration.ofHours(1));
		Post older = POSTS.post(alice, Duration.ofHours(5));
		POSTS.like(viewer, fromBob.id());

		FeedReply first = client().feed(viewer, "?page=1&limit=2");
		FeedReply second = client().feed(viewer, "?page=2&limit=2");
		FeedReply byCursor = client().feed(viewer, "?limit=2&cursor=" + first.json().path("next_cursor").asString());

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.postIds()).containsExactly(fromAlice.id(), fromBob.id());
		assertThat(first.post(fromBob.id()).path("liked_by_me").asBoolean()).isTrue();
		assertThat(first.post(fromAlice.id()).path("author").path("username").asString()).isEqualTo("user" + alice);
		assertThat(first.link()).isEqualTo("</v1/feed?page=2&limit=2>; rel=\"next\"");
		assertThat(second.postIds()).containsExactly(older.id());
		assertThat(byCursor.postIds()).containsExactly(older.id());
	}

	@Test
	void leavesOutTheAccountsTheViewerMuted() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long muted = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, muted);
		USERS.mute(viewer, muted);
		Post fromAlice = POSTS.post(alice, Duration.ofMinutes(10));
		POSTS.post(muted, Duration.ofMinutes(5));

		FeedReply latest = client().feed(viewer, "?order=latest");
		FeedReply ranked = client().feed(viewer, "");

		assertThat(latest.status()).as(latest.body()).isEqualTo(200);
		assertThat(latest.postIds()).containsExactly(fromAlice.id());
		assertThat(ranked.postIds()).containsExactly(fromAlice.id());
	}

	@Test
	void leavesOutTheAuthorsAModeratorSuspendedBeforeRedisWentAway() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		long suspended = TestIds.user();
		USERS.follow(viewer, alice);
		USERS.follow(viewer, suspended);
		Post fromAlice = POSTS.post(alice, Duration.ofMinutes(10));
		POSTS.post(suspended, Duration.ofMinutes(5));
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(REDIS_PORT)) {
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				this.hidden.suspended(suspended, true, Instant.now());
				assertThat(this.hidden.isSuspended(suspended)).isTrue();
			});
		}

		FeedReply reply = client().feed(viewer, "?order=latest");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.postIds()).containsExactly(fromAlice.id());
	}

	@Test
	void staysLiveAndReady() {
		FeedReply liveness = client().get("/actuator/health/liveness", null);
		FeedReply readiness = client().get("/actuator/health/readiness", null);

		assertThat(liveness.status()).isEqualTo(200);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void aPostPublishedWhileRedisIsDownIsFannedOutWhenItComesBack() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		Post post = POSTS.post(author, Duration.ofMinutes(1));
		String queue = this.sqs.getQueueUrl((request) -> request.queueName(queuePrefix + "feed-events"))
			.join()
			.queueUrl();
		this.sqs
			.sendMessage((request) -> request.queueUrl(queue)
				.messageBody(this.codec.encode(UUID.randomUUID(), Instant.now(), new PostPublished(post.id(), author,
						"https://cdn.test/i.jpg", "https://cdn.test/t.jpg", null, post.createdAt()))))
			.join();
		// Received and failed: it waits, hidden, for its next try.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "1".equals(this.sqs
				.getQueueAttributes((request) -> request.queueUrl(queue)
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.join()
				.attributesAsStrings()
				.get("ApproximateNumberOfMessagesNotVisible")));

		try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(REDIS_PORT)) {
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				this.redis.opsForValue().set(this.keys.active(follower), "1", Duration.ofHours(1));
				return this.redis.opsForZSet().score(this.keys.feed(follower), Long.toString(post.id())) != null;
			});
			assertThat(this.redis.opsForZSet().score(this.keys.authorPosts(author), Long.toString(post.id())))
				.isNotNull();
		}
	}

	@Test
	void aRedisThatDiesUnderTheRunningServiceIsPulledAroundAtOnce() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post post = POSTS.post(alice, Duration.ofMinutes(5));
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(REDIS_PORT)) {
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> client().feed(viewer, "").status() == 200 && this.redis.hasKey(this.keys.feed(viewer)));
		}

		// The connection is lost, not slow: the read goes to the services straight away
		// instead of waiting for Redis to time out and being shed as "busy".
		FeedReply reply = client().feed(viewer, "");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.postIds()).containsExactly(post.id());
	}

	@Test
	void anOutageLongerThanEveryRetryLeavesTheEventsInTheirQueue() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		Post post = POSTS.post(author, Duration.ofMinutes(1));
		String queue = queueUrl("feed-events");
		String deadLetters = queueUrl("feed-events-dlq");
		this.sqs
			.sendMessage((request) -> request.queueUrl(queue)
				.messageBody(this.codec.encode(UUID.randomUUID(), Instant.now(), new PostPublished(post.id(), author,
						"https://cdn.test/i.jpg", "https://cdn.test/t.jpg", null, post.createdAt()))))
			.join();

		// Four retry periods: a listener that kept receiving would have spent the three
		// deliveries the redrive policy allows and moved the event to the dead-letter
		// queue.
		await().atMost(Duration.ofSeconds(15)).until(this::eventsPaused);
		await().during(Duration.ofSeconds(8))
			.atMost(Duration.ofSeconds(10))
			.until(() -> messageCount(deadLetters) == 0);

		try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(REDIS_PORT)) {
			// Handled once Redis answers: the author's posts list has it, whether or not
			// the
			// follower was marked active before the fanout looked.
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> this.redis.opsForZSet()
					.score(this.keys.authorPosts(author), Long.toString(post.id())) != null);
			assertThat(eventsPaused()).isFalse();
			assertThat(messageCount(deadLetters)).isZero();
		}
	}

	@Test
	void aRedisThatHangsLongerThanEveryRetryLeavesTheEventsInTheirQueue() {
		long author = TestIds.user();
		long follower = TestIds.user();
		USERS.follow(follower, author);
		Post post = POSTS.post(author, Duration.ofMinutes(1));
		String deadLetters = queueUrl("feed-events-dlq");
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(REDIS_PORT)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> !eventsPaused());
			// The test's own client reconnects to the new server on its own time.
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.untilAsserted(
						() -> this.redis.opsForValue().set(this.keys.active(follower), "1", Duration.ofHours(1)));
			// Hung, as a stopped process: every command waits past the 500 ms timeout.
			server.hang(Duration.ofSeconds(8));
			this.sqs
				.sendMessage((request) -> request.queueUrl(queueUrl("feed-events"))
					.messageBody(this.codec.encode(UUID.randomUUID(), Instant.now(), new PostPublished(post.id(),
							author, "https://cdn.test/i.jpg", "https://cdn.test/t.jpg", null, post.createdAt()))))
				.join();

			// Three retries of 1 s would have spent every delivery the redrive policy
			// allows. Paused within the 8 s hang, however busy the machine.
			await().atMost(Duration.ofSeconds(7)).until(this::eventsPaused);
			await().during(Duration.ofSeconds(4))
				.atMost(Duration.ofSeconds(5))
				.until(() -> messageCount(deadLetters) == 0);

			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> this.redis.opsForZSet().score(this.keys.feed(follower), Long.toString(post.id())) != null);
			assertThat(eventsPaused()).isFalse();
			assertThat(messageCount(deadLetters)).isZero();
		}
	}

	@Test
	void aReadRedisCannotAnswerInTimeIsShedRatherThanPulled() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		POSTS.post(alice, Duration.ofMinutes(5));
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(REDIS_PORT)) {
			awaitReadsFromRedis(viewer);
			int pullsBefore = USERS.callsTo("/internal/users/" + viewer + "/following").size();
			RedisClient admin = RedisClient.create("redis://127.0.0.1:" + REDIS_PORT);
			try (StatefulRedisConnection<String, String> connection = admin.connect()) {
				// Busy, not down: every command waits past the 500 ms command timeout.
				connection.sync().clientPause(2_000);

				FeedReply shed = client().feed(viewer, "");

				assertThat(shed.status()).isEqualTo(503);
				assertThat(shed.headers().getFirst("Retry-After")).isEqualTo("1");
				assertThat(shed.body()).contains("service-unavailable");
				assertThat(USERS.callsTo("/internal/users/" + viewer + "/following"))
					.as("no pull from the services while Redis is only slow")
					.hasSize(pullsBefore);
			}
			finally {
				admin.shutdown();
			}
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> client().feed(viewer, "").status() == 200);
		}
	}

	@Test
	void aRedisThatHangsIsGoneAroundOnceItsBreakerOpensAndUsedAgainWhenItAnswers() {
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		Post post = POSTS.post(alice, Duration.ofMinutes(5));
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(REDIS_PORT)) {
			awaitReadsFromRedis(viewer);
			double fromRedisBefore = reads("redis");
			int pullsBefore = USERS.callsTo("/internal/users/" + viewer + "/following").size();
			RedisClient admin = RedisClient.create("redis://127.0.0.1:" + REDIS_PORT);
			try (StatefulRedisConnection<String, String> connection = admin.connect()) {
				// Hung for 8 s: every command waits past the 500 ms command timeout.
				connection.sync().clientPause(8_000);

				List<Integer> statuses = new ArrayList<>();
				FeedReply reply;
				do {
					reply = client().feed(viewer, "");
					statuses.add(reply.status());
				}
				while (reply.status() == 503 && statuses.size() < 10);

				// The breaker opens at the fourth read counted since it last closed
				// (fewer
				// when a trial read that closed it is among them).
				assertThat(statuses).as("shed while the breaker is closed, then pulled")
					.hasSizeBetween(2, 4)
					.startsWith(503)
					.endsWith(200);
				assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(503);
				assertThat(reply.postIds()).containsExactly(post.id());
				assertThat(USERS.callsTo("/internal/users/" + viewer + "/following")).as("the page was pulled")
					.hasSizeGreaterThan(pullsBefore);
				assertThat(redisBreakerClosed()).isFalse();
				// This class lets the breaker try Redis again after 100 ms: a read may be
				// a trial that waits for the timeout, and is then pulled all the same.
				assertThat(client().feed(viewer, "").status()).as("pulled while Redis hangs").isEqualTo(200);
			}
			finally {
				admin.shutdown();
			}
			// Once Redis answers again, trial reads close the breaker and reads use it.
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> client().feed(viewer, "").status() == 200 && redisBreakerClosed());
			assertThat(client().feed(viewer, "").postIds()).containsExactly(post.id());
			assertThat(reads("redis")).isGreaterThan(fromRedisBefore);
		}
	}

	@Test
	void pullsWhileRedisIsAwayAreBoundedAndTheRestAreShed() throws Exception {
		// Redis is down in this class unless a test starts it.
		long viewer = TestIds.user();
		long alice = TestIds.user();
		USERS.follow(viewer, alice);
		POSTS.post(alice, Duration.ofMinutes(5));
		USERS.followingPageDelay(Duration.ofMillis(600));
		ExecutorService readers = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> replies = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				replies.add(readers.submit(() -> client().feed(viewer, "").status()));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> reply : replies) {
				statuses.add(reply.get(30, TimeUnit.SECONDS));
			}

			assertThat(statuses).containsOnly(200, 503);
			assertThat(statuses.stream().filter((status) -> status == 200).count())
				.as("at most pixelgram.resilience.bulkheads.feed-pull (8) pulls at once")
				.isBetween(1L, 8L);
		}
		finally {
			USERS.followingPageDelay(Duration.ZERO);
			readers.shutdownNow();
		}
	}

	/** Waits until the viewer's reads are served by Redis, its breaker closed. */
	private void awaitReadsFromRedis(long viewer) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> client().feed(viewer, "").status() == 200 && redisBreakerClosed());
	}

	private boolean redisBreakerClosed() {
		return this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", "feed-redis")
			.tag("state", "closed")
			.gauge()
			.value() == 1;
	}

	private double reads(String source) {
		return this.meters.find("pixelgram.feed.read")
			.tag("source", source)
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	private boolean eventsPaused() {
		return this.meters.get("pixelgram.feed.events.paused").gauge().value() == 1;
	}

	private String queueUrl(String name) {
		return this.sqs.getQueueUrl((request) -> request.queueName(queuePrefix + name)).join().queueUrl();
	}

	private int messageCount(String queue) {
		return this.sqs
			.getQueueAttributes((request) -> request.queueUrl(queue)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributesAsStrings()
			.values()
			.stream()
			.mapToInt(Integer::parseInt)
			.sum();
	}

	private FeedClient client() {
		return new FeedClient(this.port, TOKENS);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

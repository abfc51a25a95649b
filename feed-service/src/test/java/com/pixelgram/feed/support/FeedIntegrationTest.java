package com.pixelgram.feed.support;

import com.pixelgram.testsupport.TestJwks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.TestRedis;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The running service on real Redis and a real (embedded) SQS, with user-service and
 * post-service as stubs over in-memory data. Every subclass shares one application
 * context, so every test owns its data: fresh user and post IDs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.security.internal-token=" + FeedIntegrationTest.INTERNAL_TOKEN,
				"spring.cloud.aws.sqs.listener.poll-timeout=1s", "pixelgram.events.visibility-timeout=3s",
				"pixelgram.events.max-receive-count=3", "pixelgram.feed.fanout.celebrity-threshold=3000",
				"pixelgram.feed.fanout.follower-page-size=500", "pixelgram.feed.fanout.redis-down-retry=2s",
				// Small enough that a test's feed goes on past the ranked window.
				"pixelgram.feed.ranking.window=30",
				// The machine is shared with other builds: no flaky command timeouts.
				"spring.data.redis.timeout=5s" })
public abstract class FeedIntegrationTest {

	public static final String INTERNAL_TOKEN = "feed-test-internal-token";

	protected static final UserServiceStub USERS = new UserServiceStub(INTERNAL_TOKEN);

	protected static final PostServiceStub POSTS = new PostServiceStub(INTERNAL_TOKEN);

	protected static final TestJwks TOKENS = TestJwks.start();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		RedisCleanup.atExit(TestRedis.url(), TestInfrastructure.redis(registry, "feed"));
		TestInfrastructure.sqs(registry, "feed");
		registry.add("pixelgram.feed.user-service-uri", USERS::uri);
		registry.add("pixelgram.feed.post-service-uri", POSTS::uri);
		registry.add("pixelgram.security.jwks-uri", TOKENS::jwksUri);
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	protected RedisKeys keys;

	@Autowired
	protected SqsAsyncClient sqs;

	@Autowired
	protected EventCodec codec;

	/**
	 * This context's configuration: a subclass with a context of its own has queues of
	 * its own.
	 */
	@Autowired
	private Environment environment;

	/** Publishes an event to the feed's queue, as the outbox relay would. */
	protected UUID publish(DomainEvent event) {
		UUID eventId = UUID.randomUUID();
		send(this.codec.encode(eventId, Instant.now(), event));
		return eventId;
	}

	/** Sends a message body as it is. */
	protected void send(String body) {
		String url = queueUrl("feed-events");
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body)).join();
	}

	protected String queueUrl(String queue) {
		String prefix = this.environment.getRequiredProperty("pixelgram.events.queue-prefix");
		return this.sqs.getQueueUrl((request) -> request.queueName(prefix + queue)).join().queueUrl();
	}

	/** The viewer's feed page, through HTTP with the viewer's token. */
	protected FeedReply feed(long viewerId, String query) {
		return new FeedClient(this.port, TOKENS).feed(viewerId, query);
	}

	/** The event of a stub post reaching READY. */
	protected static PostPublished published(PostServiceStub.Post post) {
		return new PostPublished(post.id(), post.authorId(), "https://cdn.test/p/" + post.id() + "/1080.jpg",
				"https://cdn.test/p/" + post.id() + "/150.jpg", "caption of " + post.id(), post.createdAt(), "Lisbon",
				"alt of " + post.id(), 1080, 1350, PostServiceStub.Post.renditions(post.id()));
	}

	/** Waits until the feed's queue has nothing waiting and nothing in flight. */
	protected void awaitQueueDrained() {
		String url = queueUrl("feed-events");
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Map<QueueAttributeName, String> attributes = this.sqs
				.getQueueAttributes((request) -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.join()
				.attributes();
			return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
					&& "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
		});
	}

	/** Marks users as having read their feed recently. */
	protected void markActive(Collection<Long> userIds) {
		Pipelines.run(this.redis,
				(connection) -> userIds.forEach((id) -> connection.setEx(this.keys.active(id), 3600, "1")));
	}

	/** The post IDs of a cached feed. */
	protected Set<Long> feedOf(long userId) {
		Set<String> members = this.redis.opsForZSet().range(this.keys.feed(userId), 0, -1);
		return members.stream().map(Long::valueOf).collect(Collectors.toSet());
	}

	protected boolean inFeed(long userId, long postId) {
		return this.redis.opsForZSet().score(this.keys.feed(userId), Long.toString(postId)) != null;
	}

	/** Fresh user IDs. */
	protected static List<Long> users(int count) {
		return IntStream.range(0, count).mapToObj((i) -> TestIds.user()).toList();
	}

}

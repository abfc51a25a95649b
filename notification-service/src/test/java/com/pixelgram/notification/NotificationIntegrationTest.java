package com.pixelgram.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.notification.support.Api;
import com.pixelgram.notification.support.HttpReply;
import com.pixelgram.notification.support.StubServices;
import com.pixelgram.testsupport.TestJwks;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestInfrastructure;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;

/**
 * The base of the service's integration tests: one application context for all of them
 * (same configuration, so Spring's test context cache shares it) on real Postgres (two
 * databases, eight logical shards) and SQS, with user- and post-service stood in for by
 * {@link StubServices}, tokens from {@link TestJwks}' key, and FCM by WireMock. Every
 * test makes its own users, so tests run in any order.
 */
@SpringBootTest(classes = NotificationServiceApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.security.internal-token=" + NotificationIntegrationTest.INTERNAL_TOKEN,
				"pixelgram.notification.celebrity-threshold=" + NotificationIntegrationTest.CELEBRITY_THRESHOLD,
				"pixelgram.resilience.circuit-breakers.user-service.wait-duration-in-open-state=1ms",
				"pixelgram.resilience.circuit-breakers.post-service.wait-duration-in-open-state=1ms",
				"pixelgram.notification.fanout-page-size=2", "pixelgram.notification.push.provider=fcm",
				"pixelgram.notification.push.fcm.project-id=" + NotificationIntegrationTest.FCM_PROJECT,
				"pixelgram.notification.push.fcm.access-token=" + NotificationIntegrationTest.FCM_ACCESS_TOKEN,
				"pixelgram.resilience.retries.fcm.wait-duration=50ms",
				"pixelgram.resilience.retries.fcm.max-wait-duration=1s",
				"spring.cloud.aws.sqs.listener.poll-timeout=1s", "pixelgram.events.visibility-timeout=2s",
				"pixelgram.events.max-receive-count=2" })
public abstract class NotificationIntegrationTest {

	public static final String INTERNAL_TOKEN = "internal-test-token";

	public static final long CELEBRITY_THRESHOLD = 5;

	public static final String FCM_PROJECT = "pixelgram-test";

	public static final String FCM_ACCESS_TOKEN = "fcm-test-access-token";

	protected static final TestJwks TOKENS = TestJwks.start();

	protected static final StubServices SERVICES = StubServices.start(INTERNAL_TOKEN);

	protected static final WireMockServer FCM = startFcm();

	protected static final IdGenerator USER_IDS = new IdGenerator();

	protected static List<TestDatabase> databases;

	protected static String queuePrefix;

	@LocalServerPort
	protected int port;

	@Autowired
	protected Shards shards;

	@Autowired
	protected SqsAsyncClient sqs;

	@Autowired
	protected EventCodec codec;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		databases = TestInfrastructure.shardMap(registry, "notifications_it", 8, 2);
		queuePrefix = TestInfrastructure.sqs(registry, "notifications-it");
		registry.add("pixelgram.security.jwks-uri", TOKENS::jwksUri);
		registry.add("pixelgram.notification.user-service-uri", SERVICES::uri);
		registry.add("pixelgram.notification.post-service-uri", SERVICES::uri);
		registry.add("pixelgram.notification.push.fcm.base-url", FCM::baseUrl);
	}

	private static WireMockServer startFcm() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		// Anything not stubbed more precisely by a test is accepted.
		server.stubFor(post(urlPathMatching("/v1/projects/.*/messages:send")).atPriority(10)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"name\": \"projects/" + FCM_PROJECT + "/messages/1\"}")));
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "fcm-stub-stop"));
		return server;
	}

	protected Api api() {
		return new Api(this.port);
	}

	/** A new user in a random logical shard, known to the user-service stub. */
	protected long user(String username) {
		return user(username, ThreadLocalRandom.current().nextInt(8), 0);
	}

	/** A new user in the logical shard, known to the user-service stub. */
	protected long user(String username, int shard, long followersCount) {
		long id = USER_IDS.nextId(shard);
		SERVICES.user(id, username, followersCount);
		return id;
	}

	protected static long postId(long authorId) {
		return USER_IDS.nextId(IdGenerator.shardOf(authorId));
	}

	protected String token(long userId) {
		return TOKENS.token(userId);
	}

	/** Sends an event envelope to the service's queue, as the outbox relay would. */
	protected UUID publish(DomainEvent event) {
		return publish(UUID.randomUUID(), Instant.now(), event);
	}

	protected UUID publish(UUID eventId, Instant occurredAt, DomainEvent event) {
		sendRaw(this.codec.encode(eventId, occurredAt, event));
		return eventId;
	}

	protected void sendRaw(String body) {
		this.sqs.sendMessage((request) -> request.queueUrl(queueUrl("notification-events")).messageBody(body)).join();
	}

	protected String queueUrl(String queue) {
		return this.sqs.getQueueUrl((request) -> request.queueName(queuePrefix + queue)).join().queueUrl();
	}

	/**
	 * Waits until the service has applied the event in the shard of the user it was for
	 * (its processed-event record committed with its changes): the barrier before
	 * asserting that something did not happen.
	 */
	protected void awaitProcessed(UUID eventId, long userId) {
		int shard = this.shards.shardOf(userId);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT EXISTS (SELECT 1 FROM processed_event WHERE event_id = :id)")
						.param("id", eventId)
						.query(Boolean.class)
						.single()));
	}

	/** The user's notification list (first page of 100). */
	protected JsonNode notifications(long userId) {
		HttpReply reply = api().get("/v1/notifications?limit=100", token(userId));
		return reply.assertStatus(200).path("notifications");
	}

	/** Waits until the user's list has this many items, and returns it. */
	protected JsonNode awaitNotifications(long userId, int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> notifications(userId).size() == count);
		return notifications(userId);
	}

}

package com.pixelgram.user;

import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.TestMail;
import com.pixelgram.testsupport.TestS3;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of the service's integration tests: one application context for all of them
 * (same configuration, so Spring's test context cache shares it), on real Postgres (two
 * databases, eight logical shards), Redis and SQS, called over HTTP. Every test makes its
 * own users, so tests run in any order.
 * <p>
 * The outbox relay is off: events stay in {@code outbox.message} exactly as their
 * transaction wrote them, for the tests to read. The listener of {@code user-events} is
 * on: tests send it post-service's events straight through SQS.
 * <p>
 * Mail goes to the JVM's embedded GreenMail ({@link TestMail}); each test reads the mail
 * of its own users' addresses.
 * <p>
 * S3 is the JVM's embedded S3Proxy with a bucket of its own, where post-service would
 * write data-export zips; the service only presigns links to them.
 * <p>
 * The login throttle refuses a failing address for 1 s at first (doubling), and an
 * account counts as under attack after 12 failures, so that its tests run in seconds.
 */
// A key generated and kept in the database: the local profile only.
@ActiveProfiles("local")
@SpringBootTest(classes = UserServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.security.internal-callers.feed.token=" + UserIntegrationTest.INTERNAL_TOKEN,
				"pixelgram.security.internal-callers.post.token=" + UserIntegrationTest.POST_SERVICE_TOKEN,
				"pixelgram.events.relay.enabled=false", "pixelgram.users.login.initial-block=1s",
				"pixelgram.users.login.account-max-failures=12" })
public abstract class UserIntegrationTest {

	/** What feed-service sends to this service's {@code /internal/**}. */
	public static final String INTERNAL_TOKEN = "internal-test-token";

	/** What post-service sends: it may read profiles, not the follow graph. */
	public static final String POST_SERVICE_TOKEN = "post-service-test-token";

	/**
	 * The username of the moderator ({@code pixelgram.users.roles.moderator-usernames}),
	 * new in each JVM; the moderation tests register it.
	 */
	public static final String MODERATOR = TestUsers.uniqueName("mod");

	/** The bucket of data-export zips. */
	protected static final String BUCKET = TestS3.createBucket("users");

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "users_it", 8, 2);
		TestInfrastructure.redis(registry, "users-it");
		TestInfrastructure.sqs(registry, "users-it");
		TestInfrastructure.mail(registry);
		registry.add("pixelgram.users.roles.moderator-usernames", () -> MODERATOR);
		registry.add("spring.cloud.aws.credentials.access-key", () -> TestS3.server().accessKey());
		registry.add("spring.cloud.aws.credentials.secret-key", () -> TestS3.server().secretKey());
		registry.add("spring.cloud.aws.s3.endpoint", () -> TestS3.server().endpoint());
		registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
		registry.add("pixelgram.users.exports.bucket", () -> BUCKET);
	}

	protected Api api() {
		return new Api(this.port);
	}

	protected TestUser register() {
		return TestUsers.register(api());
	}

}

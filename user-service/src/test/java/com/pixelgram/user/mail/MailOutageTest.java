package com.pixelgram.user.mail;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.embedded.EmbeddedMailServer;
import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.testsupport.TestMail;
import com.pixelgram.user.UserServiceApplication;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail server is down when the account is made: registration still succeeds, the mail
 * waits in the outbox, and goes out once a server listens again.
 */
@ActiveProfiles("local")
@SpringBootTest(classes = UserServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pixelgram.events.relay.enabled=false", "pixelgram.users.mail.initial-retry-delay=1s",
				"pixelgram.users.mail.max-retry-delay=1s", "pixelgram.users.mail.sweep-interval=500ms" })
class MailOutageTest {

	private static final int SMTP_PORT = freePort();

	private static EmbeddedMailServer server;

	@Autowired
	Shards shards;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "users_mail", 8, 2);
		TestInfrastructure.redis(registry, "users-mail");
		TestInfrastructure.sqs(registry, "users-mail");
		// nothing listens there until the test starts a server
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void mailQueuedWhileTheServerIsDownGoesOutOnceItIsBack() {
		TestUser user = TestUsers.register(new Api(this.port));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(attempts(user.id())).isGreaterThan(0));
		assertThat(TestMail.server().receivedBy(user.email())).isEmpty();

		server = EmbeddedMailServer.start(SMTP_PORT, 0);

		assertThat(server.awaitMessages(user.email(), 1, Duration.ofSeconds(20))).hasSize(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pending(user.id())).isZero());
	}

	private int attempts(long userId) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT COALESCE(MAX(attempts), 0) FROM mail_outbox WHERE user_id = :id")
					.param("id", userId)
					.query(Integer.class)
					.single());
	}

	private int pending(long userId) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM mail_outbox WHERE user_id = :id")
					.param("id", userId)
					.query(Integer.class)
					.single());
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

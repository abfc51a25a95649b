package com.pixelgram.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.notification.NotificationIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.newRequestPattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pushes through the FCM HTTP v1 API, stood in for by WireMock. */
class FcmPushTest extends NotificationIntegrationTest {

	private static final String SEND_PATH = "/v1/projects/" + FCM_PROJECT + "/messages:send";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MeterRegistry meters;

	@Test
	void aNewNotificationIsPushedToTheRecipientsDevice() {
		long me = user("pushed");
		long nina = user("nina");
		String device = register(me, "android");
		double sentBefore = pushes("sent");

		publish(new FollowCreated(nina, me, 1, Instant.now()));

		List<LoggedRequest> sends = awaitSends(device, 1);
		LoggedRequest send = sends.get(0);
		assertThat(send.getHeader("Authorization")).isEqualTo("Bearer " + FCM_ACCESS_TOKEN);
		JsonNode message = JSON.readTree(send.getBodyAsString()).path("message");
		assertThat(message.path("token").asString()).isEqualTo(device);
		assertThat(message.path("notification").path("title").asString()).isEqualTo("Pixelgram");
		assertThat(message.path("notification").path("body").asString()).isEqualTo("nina started following you");
		assertThat(message.path("data").path("type").asString()).isEqualTo("FOLLOW");
		assertThat(message.path("data").path("actor_id").asString()).isEqualTo(Long.toString(nina));
		assertThat(message.path("data").path("notification_id").asString())
			.isEqualTo(notifications(me).get(0).path("notification_id").asString());
		await().atMost(Duration.ofSeconds(10)).until(() -> pushes("sent") > sentBefore);
		assertThat(this.meters.counter("pixelgram.notification.created", "type", "FOLLOW").count()).isPositive();
	}

	@Test
	void aServiceUnavailableIsRetriedUntilFcmAccepts() {
		long me = user("patient");
		String device = register(me, "ios");
		FCM.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(containing(device))
			.inScenario(device)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0"))
			.willSetStateTo("recovered"));
		FCM.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(containing(device))
			.inScenario(device)
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(200).withBody("{\"name\": \"projects/p/messages/2\"}")));

		publish(new FollowCreated(user("olivia"), me, 1, Instant.now()));

		awaitSends(device, 2);
		assertThat(devices(me)).isEqualTo(1);
	}

	@Test
	void aDeviceFcmCallsUnregisteredIsForgotten() {
		long me = user("uninstalled");
		String device = register(me, "android");
		FCM.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(containing(device))
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("""
					{"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND",
					  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
					               "errorCode": "UNREGISTERED"}]}}
					""")));

		publish(new FollowCreated(user("paul"), me, 1, Instant.now()));

		awaitSends(device, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> devices(me) == 0);
	}

	@Test
	void aPhoneLoggedIntoAnotherAccountNoLongerGetsThePreviousAccountsPushes() {
		long loggedOut = user("logged-out");
		long loggedIn = user("logged-in");
		String sharedPhone = register(loggedOut, "android");
		String otherPhone = register(loggedOut, "ios");
		// The phone changes hands: the next account logs in on it after its registration.
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("UPDATE device_token SET registered_at = now() - interval '1 hour' WHERE user_id = :user")
			.param("user", loggedOut)
			.update());
		api().post("/v1/devices", DeviceRegistrationTest.device("android", sharedPhone), token(loggedIn))
			.assertStatus(201);

		publish(new FollowCreated(user("quentin"), loggedOut, 1, Instant.now()));
		publish(new FollowCreated(user("rita"), loggedIn, 1, Instant.now()));

		// The previous account's push reached its other phone, the new account's reached
		// the shared one: both batches have been sent.
		awaitSends(otherPhone, 1);
		String loggedInsNotification = awaitNotifications(loggedIn, 1).get(0).path("notification_id").asString();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> notificationIds(sends(sharedPhone)).contains(loggedInsNotification));
		assertThat(notificationIds(sends(sharedPhone))).containsOnly(loggedInsNotification);
	}

	private String register(long userId, String platform) {
		String device = "fcm-token-" + UUID.randomUUID();
		api().post("/v1/devices", DeviceRegistrationTest.device(platform, device), token(userId)).assertStatus(201);
		return device;
	}

	private static List<LoggedRequest> awaitSends(String device, int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> sends(device).size() >= count);
		return sends(device);
	}

	private static List<LoggedRequest> sends(String device) {
		return FCM.findAll(
				newRequestPattern(RequestMethod.POST, urlPathEqualTo(SEND_PATH)).withRequestBody(containing(device)));
	}

	private static List<String> notificationIds(List<LoggedRequest> sends) {
		return sends.stream()
			.map((send) -> JSON.readTree(send.getBodyAsString())
				.path("message")
				.path("data")
				.path("notification_id")
				.asString())
			.toList();
	}

	private double pushes(String outcome) {
		return this.meters.counter("pixelgram.notification.push", "outcome", outcome).count();
	}

	private long devices(long userId) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM device WHERE user_id = :user")
					.param("user", userId)
					.query(Long.class)
					.single());
	}

}

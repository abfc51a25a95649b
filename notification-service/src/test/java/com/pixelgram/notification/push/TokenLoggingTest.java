package com.pixelgram.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.FollowCreated;
import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push tokens pass through every path of the service without reaching its log. */
@ExtendWith(OutputCaptureExtension.class)
class TokenLoggingTest extends NotificationIntegrationTest {

	private static final String SEND_PATH = "/v1/projects/" + FCM_PROJECT + "/messages:send";

	@Autowired
	Devices devices;

	@Test
	void noPathLogsAPushToken(CapturedOutput output) {
		long me = user("careful");
		long other = user("nosy");
		String refused = "fcm-refused-" + UUID.randomUUID();
		String failing = "fcm-failing-" + UUID.randomUUID();
		String dead = "fcm-dead-" + UUID.randomUUID();
		String tooLong = "fcm-long-" + "x".repeat(4100);
		FCM.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(containing(failing))
			.willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("""
					{"error": {"code": 403, "message": "Permission denied", "status": "PERMISSION_DENIED"}}
					""")));
		FCM.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(containing(dead))
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("""
					{"error": {"code": 404, "status": "NOT_FOUND", "details": [{"errorCode": "UNREGISTERED"}]}}
					""")));

		api().post("/v1/devices", DeviceRegistrationTest.device("android", refused), token(me)).assertStatus(201);
		api().post("/v1/devices", DeviceRegistrationTest.device("android", refused), token(other))
			.assertProblem(409, "conflict");
		api().post("/v1/devices", DeviceRegistrationTest.device("android", tooLong), token(me))
			.assertProblem(400, "validation");
		api().post("/v1/devices", DeviceRegistrationTest.device("android", failing), token(me)).assertStatus(201);
		api().post("/v1/devices", DeviceRegistrationTest.device("ios", dead), token(me)).assertStatus(201);
		publish(new FollowCreated(other, me, 1, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.devices.of(List.of(me)).stream().noneMatch((device) -> device.token().equals(dead)));
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("FCM refused a message"));
		api().delete("/v1/devices/" + refused, token(me)).assertStatus(204);
		api().delete("/v1/devices/" + failing, token(other)).assertStatus(204);

		assertThat(output.getAll()).contains("that the push provider rejected")
			.doesNotContain(refused)
			.doesNotContain(failing)
			.doesNotContain(dead)
			.doesNotContain("fcm-long-");
	}

}

package com.pixelgram.gateway.accesslog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class AccessLogTest extends GatewayIntegrationTest {

	@Test
	void logsMethodPathStatusDurationAndUserButNeverTheToken(CapturedOutput output) {
		String user = newUserId();
		String token = TestTokens.valid(user);
		String path = "/v1/posts/" + unique();
		client().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange().expectStatus().isOk();

		// the line is written when the exchange completes, which may be after the client
		// has its answer
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(accessLines(output, path)).hasSize(1));
		Map<String, Object> line = accessLines(output, path).get(0);
		assertThat(line).containsEntry("method", "GET")
			.containsEntry("status", 200)
			.containsEntry("user_id", user)
			.containsKey("duration_ms")
			.hasEntrySatisfying("traceId", (traceId) -> assertThat(traceId.toString()).matches("[0-9a-f]{32}"));
		assertThat(output.getAll()).doesNotContain(token);
	}

	@Test
	void logsTheStatusOfResponsesTheGatewayProducesItself(CapturedOutput output) {
		String unauthorized = "/v1/posts/" + unique();
		String internal = "/internal/users/" + unique();
		client().get().uri(unauthorized).exchange().expectStatus().isUnauthorized();
		client().get().uri(internal).exchange().expectStatus().isNotFound();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(accessLines(output, unauthorized)).singleElement()
				.satisfies((line) -> assertThat(line).containsEntry("status", 401).doesNotContainKey("user_id"));
			assertThat(accessLines(output, internal)).singleElement()
				.satisfies((line) -> assertThat(line).containsEntry("status", 404));
		});
	}

	@Test
	void masksThePushTokenOfADevicePath(CapturedOutput output) {
		String user = newUserId();
		String token = TestTokens.valid(user);
		String pushToken = "fcm-" + unique() + ":APA91b" + unique();
		client().delete()
			.uri("/v1/devices/" + pushToken)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
		client().delete()
			.uri("/v1/Devices/" + pushToken + "/extra")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(accessLines(output, "/v1/devices/{token}")).singleElement()
				.satisfies((line) -> assertThat(line).containsEntry("method", "DELETE")
					.containsEntry("status", 200)
					.containsEntry("user_id", user));
			assertThat(accessLines(output, "/v1/Devices/{token}")).hasSize(1);
		});
		assertThat(output.getAll()).doesNotContain(pushToken);
		assertThat(AccessLogFilter.masked("/v1//devices//" + pushToken)).isEqualTo("/v1//devices//{token}");
		assertThat(AccessLogFilter.masked("/v1/devices")).isEqualTo("/v1/devices");
		assertThat(AccessLogFilter.masked("/v1/posts/123")).isEqualTo("/v1/posts/123");
	}

	/** The structured (ECS) lines of the access logger for a path. */
	private static List<Map<String, Object>> accessLines(CapturedOutput output, String path) {
		JsonMapper json = JsonMapper.shared();
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains("\"pixelgram.access\""))
			.map((line) -> json.readValue(line, new TypeReference<Map<String, Object>>() {
			}))
			.filter((line) -> path.equals(line.get("path")))
			.toList();
	}

}

package com.pixelgram.gateway.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.pixelgram.gateway.support.Downstreams;
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

/**
 * The trace id an operator finds in the gateway's access log is the one the service
 * continues, so that one search follows a request from the edge into the services.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggedTraceTest extends GatewayIntegrationTest {

	@Test
	void theServiceContinuesTheTraceTheGatewayLogs(CapturedOutput output) {
		String path = "/v1/posts/" + unique();

		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.exchange()
			.expectStatus()
			.isOk();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(accessLines(output, path)).hasSize(1));
		Object loggedTraceId = accessLines(output, path).get(0).get("traceId");
		assertThat(loggedTraceId).isNotNull();
		assertThat(Downstreams.POST.received(path)).singleElement()
			.satisfies((request) -> assertThat(request.header("traceparent")).startsWith("00-" + loggedTraceId + "-"));
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

package com.pixelgram.gateway.tracing;

import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class TracePropagationTest extends GatewayIntegrationTest {

	@Test
	void startsATraceAndHandsItToTheService() {
		String path = "/v1/posts/" + unique();

		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(Downstreams.POST.received(path)).singleElement()
			.satisfies((request) -> assertThat(request.header("traceparent"))
				.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
	}

	@Test
	void continuesTheCallersTrace() {
		String path = "/v1/posts/" + unique();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(Downstreams.POST.received(path)).singleElement()
			.satisfies((request) -> assertThat(request.header("traceparent")).startsWith("00-" + traceId + "-")
				.doesNotContain("00f067aa0ba902b7"));
	}

}

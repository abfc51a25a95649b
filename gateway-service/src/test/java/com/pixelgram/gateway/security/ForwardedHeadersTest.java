package com.pixelgram.gateway.security;

import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersTest extends GatewayIntegrationTest {

	@Test
	void forwardsAuthorizationButNotClientSentIdentityOrInternalHeaders() {
		String token = TestTokens.valid(newUserId());
		String path = "/v1/posts/" + unique() + "/comments";
		client().post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("X-User-Id", "1")
			.header("X-Internal-Token", "guessed-secret")
			.header("X-Authenticated-User", "1")
			.header("X-Internal-Caller", "feed-service")
			.header("x-internal-anything", "x")
			.header("X-Request-Id", "r-1")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(Downstreams.POST.received(path)).singleElement().satisfies((request) -> {
			assertThat(request.header("Authorization")).isEqualTo("Bearer " + token);
			assertThat(request.header("X-Request-Id")).isEqualTo("r-1");
			assertThat(request.headers()).doesNotContainKeys("x-user-id", "x-internal-token", "x-authenticated-user",
					"x-internal-caller", "x-internal-anything");
		});
	}

	@Test
	void stripsIdentityHeadersOnPublicEndpointsToo() {
		String requestId = unique();
		client().post()
			.uri("/v1/auth/login")
			.header("X-Request-Id", requestId)
			.header("X-User-Id", "42")
			.header("X-Internal-Token", "guessed-secret")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(Downstreams.USER.receivedOnce("/v1/auth/login", requestId).headers()).doesNotContainKeys("x-user-id",
				"x-internal-token");
	}

}

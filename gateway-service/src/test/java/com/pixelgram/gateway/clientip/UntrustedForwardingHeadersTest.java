package com.pixelgram.gateway.clientip;

import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.Problems;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No trusted proxies (the default): whatever a client writes in forwarding headers, its
 * requests count against its connection's address.
 */
@TestPropertySource(properties = "pixelgram.gateway.rate-limit.rules.auth-refresh-ip.limit=3")
class UntrustedForwardingHeadersTest extends GatewayIntegrationTest {

	@Test
	void requestsWithDifferentSpoofedAddressesFromOnePeerShareOneBucket() {
		refresh("X-Forwarded-For", "198.51.100.1").expectStatus().isOk();
		refresh("X-Forwarded-For", "198.51.100.2, 198.51.100.3").expectStatus().isOk();
		refresh("Forwarded", "for=198.51.100.4").expectStatus().isOk();

		Problems
			.assertProblem(refresh("X-Forwarded-For", "198.51.100.5"), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
					"/v1/auth/refresh")
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (retryAfter) -> assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L));
	}

	@Test
	void tellsTheServiceTheConnectionsAddressWhateverTheClientWrote() {
		String requestId = "xff-" + System.nanoTime();
		client().post()
			.uri("/v1/auth/login")
			.header("X-Request-Id", requestId)
			.header("X-Forwarded-For", "198.51.100.77")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(Downstreams.USER.receivedOnce("/v1/auth/login", requestId).headers().get("x-forwarded-for"))
			.singleElement()
			.isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
	}

	private WebTestClient.ResponseSpec refresh(String header, String value) {
		return client().post().uri("/v1/auth/refresh").header(header, value).exchange();
	}

}

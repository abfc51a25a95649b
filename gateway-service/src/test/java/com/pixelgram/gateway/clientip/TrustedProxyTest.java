package com.pixelgram.gateway.clientip;

import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.StubService;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway behind a trusted proxy (here the test itself, on the loopback address): the
 * client is the address the proxy appended, and only that.
 */
@TestPropertySource(properties = { "pixelgram.gateway.trusted-proxies=127.0.0.1/32, ::1/128",
		"pixelgram.gateway.rate-limit.rules.auth-refresh-ip.limit=2" })
class TrustedProxyTest extends GatewayIntegrationTest {

	@Test
	void countsEachClientTheProxyNamesSeparately() {
		refresh("198.51.100.10").expectStatus().isOk();
		refresh("198.51.100.10").expectStatus().isOk();
		refresh("198.51.100.10").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		refresh("198.51.100.11").expectStatus().isOk();
	}

	@Test
	void whatTheClientWroteLeftOfTheProxysHopDoesNotMoveItsBucket() {
		refresh("203.0.113.1, 198.51.100.20").expectStatus().isOk();
		refresh("203.0.113.2, 198.51.100.20").expectStatus().isOk();
		refresh("203.0.113.3, 198.51.100.20").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void countsIpv6ClientsByTheirSlash64() {
		refresh("2001:db8:77:1::1").expectStatus().isOk();
		refresh("2001:db8:77:1:ffff::2").expectStatus().isOk();
		refresh("2001:db8:77:1:abcd::3").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		refresh("2001:db8:77:2::1").expectStatus().isOk();
	}

	@Test
	void tellsTheServiceTheClientTheProxyNamedAndNothingTheClientWrote() {
		String requestId = "xff-" + System.nanoTime();
		client().post()
			.uri("/v1/auth/login")
			.header("X-Request-Id", requestId)
			.header("X-Forwarded-For", "203.0.113.9, 198.51.100.30")
			.header("Forwarded", "for=203.0.113.8")
			.exchange()
			.expectStatus()
			.isOk();

		StubService.RecordedRequest login = Downstreams.USER.receivedOnce("/v1/auth/login", requestId);
		assertThat(login.headers().get("x-forwarded-for")).containsExactly("198.51.100.30");
		assertThat(login.headers()).doesNotContainKey("forwarded");
	}

	private WebTestClient.ResponseSpec refresh(String forwardedFor) {
		return client().post().uri("/v1/auth/refresh").header("X-Forwarded-For", forwardedFor).exchange();
	}

}

package com.pixelgram.gateway.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.GatewayTestProperties;
import com.pixelgram.gateway.support.Problems;
import com.pixelgram.gateway.support.StubService;
import com.pixelgram.gateway.support.TestTokens;
import com.pixelgram.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Feed-service is down (nothing listens), notification-service answers after 10 s. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DownstreamFailureTest {

	private static final StubService SLOW_NOTIFICATIONS = StubService.slow("notification-service",
			Duration.ofSeconds(10));

	@LocalServerPort
	private int port;

	@Autowired
	private ServiceCircuitBreakers breakers;

	@DynamicPropertySource
	static void failingServices(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, TestRedis.url(), Downstreams.USER.uri(), Downstreams.POST.uri(),
				"http://127.0.0.1:" + GatewayTestProperties.closedPort(), SLOW_NOTIFICATIONS.uri());
	}

	@AfterAll
	static void stopSlowService() {
		SLOW_NOTIFICATIONS.close();
	}

	@Test
	void answersServiceUnavailableQuicklyWhenAServiceIsDown() {
		long start = System.nanoTime();
		Problems.assertProblem(get("/v1/feed"), HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "/v1/feed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void answersGatewayTimeoutWithinFourSecondsWhenAServiceHangs() {
		long start = System.nanoTime();
		Problems.assertProblem(get("/v1/notifications"), HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout",
				"/v1/notifications");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void opensTheBreakerOfAServiceThatKeepsFailingAndSparesTheOthers() {
		for (int i = 0; i < 12; i++) {
			get("/v1/feed/" + i).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}
		assertThat(this.breakers.breaker("feed-service").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		Problems.assertProblem(get("/v1/feed"), HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "/v1/feed");

		get("/v1/posts/1").expectStatus().isOk();
		assertThat(this.breakers.breaker("post-service").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private WebTestClient.ResponseSpec get(String path) {
		return GatewayIntegrationTest.client(this.port)
			.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(GatewayIntegrationTest.newUserId()))
			.exchange();
	}

}

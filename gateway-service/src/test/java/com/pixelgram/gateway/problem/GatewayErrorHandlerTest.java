package com.pixelgram.gateway.problem;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.server.MethodNotAllowedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GatewayErrorHandlerTest {

	private final GatewayErrorHandler handler = new GatewayErrorHandler(new ProblemWriter(JsonMapper.shared()));

	@Test
	void hidesTheDetailsOfUnexpectedErrors() {
		MockServerWebExchange exchange = handle(new IllegalStateException("boom in com.pixelgram.Secret"));

		assertProblem(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal");
		assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("boom", "Secret",
				"IllegalStateException");
	}

	@Test
	void mapsRefusedConnectionsAndOpenBreakersToServiceUnavailable() {
		assertProblem(handle(new RuntimeException(new ConnectException("Connection refused"))),
				HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
		assertProblem(handle(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x"))),
				HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
	}

	@Test
	void mapsAConnectionResetByAServiceThatDiedToServiceUnavailable() {
		assertProblem(handle(new RuntimeException(new SocketException("Connection reset"))),
				HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
	}

	@Test
	void mapsAConnectionResetSeenByEpollToServiceUnavailable() {
		// what the gateway answered 500 for when the chaos suite killed a service
		// mid-request
		assumeTrue(Epoll.isAvailable(), "epoll's native transport runs here");
		assertProblem(handle(Errors.newConnectionResetException("recvAddress(..)", Errors.ERRNO_ECONNRESET_NEGATIVE)),
				HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
	}

	@Test
	void mapsTimeoutsToGatewayTimeout() {
		assertProblem(handle(new TimeoutException("slow")), HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout");
	}

	@Test
	void mapsAnUnreachableKeySetToServiceUnavailableAndDeniedAccessToForbidden() {
		assertProblem(handle(new AuthenticationServiceException("JWKS unreachable")), HttpStatus.SERVICE_UNAVAILABLE,
				"service-unavailable");
		assertProblem(handle(new AccessDeniedException("no")), HttpStatus.FORBIDDEN, "forbidden");
	}

	@Test
	void keepsTheAllowHeaderOfMethodNotAllowed() {
		MockServerWebExchange exchange = handle(new MethodNotAllowedException("PATCH", Set.of(HttpMethod.GET)));

		assertProblem(exchange, HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed");
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("GET");
	}

	@Test
	void leavesCommittedResponsesAlone() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/feed"));
		exchange.getResponse().setComplete().block();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.handler.handle(exchange, new IllegalStateException("late")).block());
	}

	private MockServerWebExchange handle(Throwable error) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/feed"));
		this.handler.handle(exchange, error).onErrorResume((ex) -> Mono.empty()).block();
		return exchange;
	}

	private static void assertProblem(MockServerWebExchange exchange, HttpStatus status, String slug) {
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(status);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains(
				"\"type\":\"https://pixelgram.dev/problems/" + slug + "\"", "\"status\":" + status.value(),
				"\"instance\":\"/v1/feed\"", "\"title\":\"" + status.getReasonPhrase() + "\"", "\"detail\":");
	}

}

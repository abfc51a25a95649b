package com.pixelgram.gateway.problem;

import java.util.stream.Stream;

import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.RawHttp;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client gets wrong in a request's head, the answer is a 4xx problem, never a
 * 5xx and never a bare status line: refusals the HTTP codec and the URI parser make
 * before the application sees the request included.
 */
class MalformedRequestTest extends GatewayIntegrationTest {

	private static final String TOKEN = "Authorization: Bearer " + TestTokens.valid(newUserId()) + "\r\n";

	static Stream<Arguments> refused() {
		return Stream.of(Arguments.of("invalid percent-encoding in the query", "GET /v1/feed?x=%zz HTTP/1.1\r\n", 400),
				Arguments.of("invalid percent-encoding in the path", "GET /v1/posts/%zz HTTP/1.1\r\n", 400),
				Arguments.of("an unparsable Host", "GET /v1/feed HTTP/1.1\r\nHost: [::1\r\n", 400),
				Arguments.of("a Content-Length that is no number",
						"POST /v1/posts/1/comments HTTP/1.1\r\nContent-Length: abc\r\n", 400),
				Arguments.of("a negative Content-Length",
						"POST /v1/posts/1/comments HTTP/1.1\r\nContent-Length: -5\r\n", 400),
				Arguments.of("two different Content-Lengths",
						"POST /v1/posts/1/comments HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n", 400),
				Arguments.of("a header name with a space", "GET /v1/feed HTTP/1.1\r\nBad Header: x\r\n", 400),
				Arguments.of("an unknown transfer coding",
						"POST /v1/posts/1/comments HTTP/1.1\r\nTransfer-Encoding: gzip\r\n", 400),
				Arguments.of("an unknown method", "FOO /v1/feed HTTP/1.1\r\n", 400),
				Arguments.of("a header over the size limit",
						"GET /v1/feed HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n", 431),
				Arguments.of("a request line over the size limit",
						"GET /v1/feed?" + "a".repeat(20_000) + " HTTP/1.1\r\n", 414),
				Arguments.of("a malformed bearer token", "GET /v1/feed HTTP/1.1\r\nAuthorization: Bearer a b\r\n", 401),
				Arguments.of("a bearer token that is no JWT",
						"GET /v1/feed HTTP/1.1\r\nAuthorization: Bearer \u00e4\u00f6\r\n", 401));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void isRefusedWithAProblem(String what, String head, int status) {
		String request = head.contains("Host:") ? head : head + "Host: localhost\r\n";
		if (status != 401) {
			request += TOKEN;
		}
		String response = RawHttp.send(this.port, request + "Connection: close\r\n\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(status);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.contains("\"status\":" + status, "\"type\":\"https://pixelgram.dev/problems/");
	}

	static Stream<Arguments> passed() {
		return Stream.of(Arguments.of("X-Forwarded-For: [[[, ,"), Arguments.of("Forwarded: for=\"[;;"),
				Arguments.of("Accept: ;;;"), Arguments.of("Cookie: ===;;"), Arguments.of("Range: bytes=abc"),
				Arguments.of("If-Modified-Since: garbage"), Arguments.of("Origin: http://[x"),
				Arguments.of("X-Forwarded-Port: abc"), Arguments.of("X-Forwarded-Host: [::1"),
				Arguments.of("Traceparent: garbage-00-zz"), Arguments.of("Content-Type: text/plain; charset=nope"),
				Arguments.of("Expect: teapot"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("passed")
	void aHeaderTheGatewayNeedNotReadPassesUnharmed(String header) {
		String response = RawHttp.send(this.port,
				"GET /v1/feed HTTP/1.1\r\nHost: localhost\r\n" + TOKEN + header + "\r\nConnection: close\r\n\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(200);
	}

}

package com.pixelgram.gateway.routing;

import java.util.List;
import java.util.stream.Stream;

import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.Problems;
import com.pixelgram.gateway.support.RawHttp;
import com.pixelgram.gateway.support.StubService;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RoutingTest extends GatewayIntegrationTest {

	static Stream<Arguments> routes() {
		String id = unique();
		return Stream.of(Arguments.of("POST", "/v1/auth/register", Downstreams.USER),
				Arguments.of("POST", "/v1/auth/login", Downstreams.USER),
				Arguments.of("POST", "/v1/auth/refresh", Downstreams.USER),
				Arguments.of("POST", "/v1/auth/password-reset", Downstreams.USER),
				Arguments.of("POST", "/v1/auth/email/undo", Downstreams.USER),
				Arguments.of("POST", "/v1/auth/email/verification", Downstreams.USER),
				Arguments.of("GET", "/v1/auth/sessions", Downstreams.USER),
				Arguments.of("DELETE", "/v1/auth/sessions/" + id, Downstreams.USER),
				Arguments.of("GET", "/.well-known/jwks.json", Downstreams.USER),
				Arguments.of("GET", "/v1/users/" + id, Downstreams.USER),
				Arguments.of("GET", "/v1/users/search?q=ann&limit=5", Downstreams.USER),
				Arguments.of("POST", "/v1/users/" + id + "/follow", Downstreams.USER),
				Arguments.of("POST", "/v1/users/" + id + "/block", Downstreams.USER),
				Arguments.of("GET", "/v1/users/me/mutes", Downstreams.USER),
				Arguments.of("GET", "/v1/follow-requests", Downstreams.USER),
				Arguments.of("POST", "/v1/follow-requests/" + id + "/approve", Downstreams.USER),
				Arguments.of("POST", "/v1/reports", Downstreams.USER),
				Arguments.of("GET", "/v1/moderation/reports?status=open", Downstreams.USER),
				Arguments.of("POST", "/v1/moderation/reports/" + id + "/resolve", Downstreams.USER),
				Arguments.of("POST", "/v1/moderation/users/" + id + "/reinstate", Downstreams.USER),
				Arguments.of("GET", "/v1/users/" + id + "/posts?page=2", Downstreams.POST),
				Arguments.of("POST", "/v1/users/" + id + "/post-notifications", Downstreams.NOTIFICATION),
				Arguments.of("POST", "/v1/posts", Downstreams.POST),
				Arguments.of("GET", "/v1/posts/" + id, Downstreams.POST),
				Arguments.of("PATCH", "/v1/posts/" + id, Downstreams.POST),
				Arguments.of("POST", "/v1/posts/" + id + "/like", Downstreams.POST),
				Arguments.of("GET", "/v1/posts/" + id + "/comments", Downstreams.POST),
				Arguments.of("GET", "/v1/tags/porto/posts?cursor=MWsx&limit=5", Downstreams.POST),
				Arguments.of("GET", "/v1/feed?page=1&limit=20", Downstreams.FEED),
				Arguments.of("GET", "/v1/feed/" + id, Downstreams.FEED),
				Arguments.of("GET", "/v1/notifications", Downstreams.NOTIFICATION),
				Arguments.of("POST", "/v1/notifications/" + id + "/read", Downstreams.NOTIFICATION),
				Arguments.of("POST", "/v1/devices", Downstreams.NOTIFICATION),
				Arguments.of("DELETE", "/v1/devices/" + id, Downstreams.NOTIFICATION));
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@MethodSource("routes")
	void forwardsEachPathToItsServiceUnchanged(String method, String path, StubService service) {
		client().method(HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo(service.name());
		assertThat(service.received(path)).anySatisfy((request) -> assertThat(request.method()).isEqualTo(method));
	}

	@Test
	void forwardsAnAccountDeletionWithItsBodyToUserService() {
		String body = "{\"password\": \"correct horse battery\"}";
		client().method(HttpMethod.DELETE)
			.uri("/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo(Downstreams.USER.name());
		assertThat(Downstreams.USER.received("/v1/users/me")).anySatisfy((request) -> {
			assertThat(request.method()).isEqualTo("DELETE");
			assertThat(request.bodyBytes()).isEqualTo(body.length());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "user", "post", "feed", "notification" })
	void servesEachServicesOpenApiDocumentWithoutToken(String service) {
		StubService stub = switch (service) {
			case "user" -> Downstreams.USER;
			case "post" -> Downstreams.POST;
			case "feed" -> Downstreams.FEED;
			default -> Downstreams.NOTIFICATION;
		};
		int before = stub.received("/v3/api-docs").size();
		client().get()
			.uri("/v3/api-docs/" + service)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo(stub.name());
		assertThat(stub.received("/v3/api-docs")).hasSize(before + 1);
	}

	@Test
	void listsEveryServiceInTheSwaggerUi() {
		SwaggerConfig config = client().get()
			.uri("/v3/api-docs/gateway/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SwaggerConfig.class)
			.returnResult()
			.getResponseBody();
		assertThat(config.urls()).extracting(SwaggerUrl::name, SwaggerUrl::url)
			.containsExactlyInAnyOrder(tuple("user", "/v3/api-docs/user"), tuple("post", "/v3/api-docs/post"),
					tuple("feed", "/v3/api-docs/feed"), tuple("notification", "/v3/api-docs/notification"));
		client().get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(200, 302));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/unknown", "/v2/posts", "/v1/usersx", "/" })
	void answersNotFoundProblemForUnknownPaths(String path) {
		Problems.assertProblem(client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.exchange(), HttpStatus.NOT_FOUND, "not-found", path);
	}

	@Test
	void neverForwardsInternalPaths() {
		Problems.assertProblem(client().get()
			.uri("/internal/users/1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUserId()))
			.exchange(), HttpStatus.NOT_FOUND, "not-found", "/internal/users/1");
		Problems.assertProblem(client().get().uri("/internal/users/1").exchange(), HttpStatus.NOT_FOUND, "not-found",
				"/internal/users/1");
		assertNoServiceSawInternalPath();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/posts/../../internal/users/1", "/v1/posts/%2e%2e/%2E%2E/internal/users/1",
			"/v1/posts/..;/..;/internal/users/1", "/v1/users/1%2f..%2f..%2finternal%2fusers%2f1", "//internal/users/1",
			"/internal;v=1/users/1" })
	void refusesPathsThatAServiceWouldResolveToInternal(String path) {
		String response = RawHttp.send(this.port,
				"GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.valid(newUserId())
						+ "\r\nConnection: close\r\n\r\n");
		assertThat(RawHttp.status(response)).isEqualTo(404);
		assertThat(response).containsIgnoringCase("content-type: application/problem+json")
			.contains("\"type\":\"https://pixelgram.dev/problems/not-found\"");
		assertNoServiceSawInternalPath();
	}

	private static void assertNoServiceSawInternalPath() {
		Stream.of(Downstreams.USER, Downstreams.POST, Downstreams.FEED, Downstreams.NOTIFICATION)
			.flatMap((stub) -> stub.received().stream())
			.forEach((request) -> assertThat(request.path()).doesNotContainIgnoringCase("internal"));
	}

	record SwaggerConfig(List<SwaggerUrl> urls) {

	}

	record SwaggerUrl(String name, String url) {

	}

}

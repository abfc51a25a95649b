package com.pixelgram.notification.clients;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The clients against the shapes the other services answer with, including the variants
 * their current code has ({@code id} beside {@code user_id}, a bare list of posts).
 */
class ServiceClientsTest {

	WireMockServer server;

	@BeforeEach
	void start() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	/** Answers every call from now on with this status and JSON body. */
	private void answer(int status, String body) {
		this.server.stubFor(any(anyUrl())
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	/** Answers every call from now on with 200 and this JSON body. */
	private void answer(String body) {
		answer(200, body);
	}

	/** The URL (path and query) of the last call. */
	private String lastCall() {
		return this.server.getAllServeEvents().get(0).getRequest().getUrl();
	}

	@Test
	void readsProfilesWhetherTheIdIsNamedUserIdOrId() {
		answer("{\"users\": [{\"user_id\": \"5\", \"username\": \"ann\", \"followers_count\": 3},"
				+ " {\"id\": 6, \"username\": \"ben\", \"profile_image_url\": \"https://cdn/ben.jpg\"}]}");

		Map<Long, UserProfile> profiles = users(Duration.ofSeconds(5)).profilesIfAvailable(List.of(5L, 6L, 5L));

		// Each user asked for once, in one call.
		this.server.verify(1, getRequestedFor(urlEqualTo("/internal/users?ids=5,6")));
		this.server.verify(1, anyRequestedFor(anyUrl()));
		assertThat(profiles.get(5L).username()).isEqualTo("ann");
		assertThat(profiles.get(5L).followersCount()).isEqualTo(3);
		assertThat(profiles.get(6L).profileImageUrl()).isEqualTo("https://cdn/ben.jpg");
	}

	@Test
	void readsFollowerPagesAndTheirCursor() {
		answer("{\"user_ids\": [\"1\", \"2\"], \"next_after\": \"2\"}");
		IdPage first = users(Duration.ofSeconds(5)).followers(9, null, 2);
		String firstAsked = lastCall();
		answer("{\"user_ids\": [\"3\"]}");
		IdPage last = users(Duration.ofSeconds(5)).followers(9, 2L, 2);

		assertThat(firstAsked).isEqualTo("/internal/users/9/followers?limit=2");
		assertThat(lastCall()).isEqualTo("/internal/users/9/followers?limit=2&after=2");
		assertThat(first.ids()).containsExactly(1L, 2L);
		assertThat(first.nextAfter()).isEqualTo(2L);
		assertThat(last.ids()).containsExactly(3L);
		assertThat(last.nextAfter()).isNull();
	}

	@Test
	void tellsAFollowFromTheFollowingListStartingJustBelowTheFollowee() {
		answer("{\"user_ids\": [\"42\"], \"next_after\": \"42\"}");
		boolean follows = users(Duration.ofSeconds(5)).follows(7, 42);
		String asked = lastCall();
		answer("{\"user_ids\": [\"43\"]}");
		boolean followsTheNextOne = users(Duration.ofSeconds(5)).follows(7, 42);
		answer("{\"user_ids\": []}");
		boolean followsNobodyFromThere = users(Duration.ofSeconds(5)).follows(7, 42);

		assertThat(asked).isEqualTo("/internal/users/7/following?after=41&limit=1");
		assertThat(follows).isTrue();
		assertThat(followsTheNextOne).isFalse();
		assertThat(followsNobodyFromThere).isFalse();
	}

	@Test
	void readsPostsWhetherListedBareOrWrapped() {
		answer("[{\"post_id\": \"7\", \"thumbnail_url\": \"https://cdn/7.jpg\"}]");
		Map<Long, String> bare = posts().thumbnailsIfAvailable(List.of(7L));
		answer("{\"posts\": [{\"post_id\": \"8\", \"thumbnail_url\": \"https://cdn/8.jpg\"}]}");
		Map<Long, String> wrapped = posts().thumbnailsIfAvailable(List.of(8L));

		this.server.verify(1, getRequestedFor(urlEqualTo("/internal/posts?ids=7")));
		this.server.verify(1, getRequestedFor(urlEqualTo("/internal/posts?ids=8")));
		assertThat(bare).containsEntry(7L, "https://cdn/7.jpg");
		assertThat(wrapped).containsEntry(8L, "https://cdn/8.jpg");
	}

	@Test
	void degradesReadsButFailsEventWorkWhenTheServiceIsDownAndThenLeavesItAlone() {
		answer(503, "{}");
		UserServiceClient users = users(Duration.ofMinutes(1));

		assertThat(users.profilesIfAvailable(List.of(1L))).isEmpty();
		assertThatExceptionOfType(ServiceCallException.class).isThrownBy(() -> users.profile(1L));
		assertThatExceptionOfType(ServiceCallException.class).isThrownBy(() -> users.followers(1L, null, 10));
		assertThatExceptionOfType(ServiceCallException.class).isThrownBy(() -> users.follows(1L, 2L));
		assertThat(users.profilesIfAvailable(List.of(2L))).isEmpty();

		this.server.verify(1, anyRequestedFor(anyUrl()));
	}

	private UserServiceClient users(Duration backoff) {
		return new UserServiceClient(http(), breaker("user-service", backoff), 100);
	}

	private PostServiceClient posts() {
		return new PostServiceClient(http(), breaker("post-service", Duration.ofSeconds(5)), 100);
	}

	/** As the service's YAML sets them: one failure opens it, for the back-off. */
	private static CircuitBreaker breaker(String service, Duration backoff) {
		return CircuitBreaker.of(service,
				CircuitBreakerConfig.custom()
					.slidingWindowSize(1)
					.minimumNumberOfCalls(1)
					.permittedNumberOfCallsInHalfOpenState(1)
					.waitDurationInOpenState(backoff)
					.build());
	}

	private RestClient http() {
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl(this.server.baseUrl())
			.build();
	}

}

package com.pixelgram.notification.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The clients against the shapes the other services answer with, including the variants
 * their current code has ({@code id} beside {@code user_id}, a bare list of posts).
 */
class ServiceClientsTest {

	final AtomicReference<String> body = new AtomicReference<>("{}");

	final AtomicInteger status = new AtomicInteger(200);

	final AtomicInteger calls = new AtomicInteger();

	final AtomicReference<String> query = new AtomicReference<>();

	HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.calls.incrementAndGet();
			this.query.set(exchange.getRequestURI().toString());
			byte[] bytes = this.body.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(this.status.get(), bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void readsProfilesWhetherTheIdIsNamedUserIdOrId() {
		this.body.set("{\"users\": [{\"user_id\": \"5\", \"username\": \"ann\", \"followers_count\": 3},"
				+ " {\"id\": 6, \"username\": \"ben\", \"profile_image_url\": \"https://cdn/ben.jpg\"}]}");

		Map<Long, UserProfile> profiles = users(Duration.ofSeconds(5)).profilesIfAvailable(List.of(5L, 6L, 5L));

		assertThat(profiles.get(5L).username()).isEqualTo("ann");
		assertThat(profiles.get(5L).followersCount()).isEqualTo(3);
		assertThat(profiles.get(6L).profileImageUrl()).isEqualTo("https://cdn/ben.jpg");
	}

	@Test
	void readsFollowerPagesAndTheirCursor() {
		this.body.set("{\"user_ids\": [\"1\", \"2\"], \"next_after\": \"2\"}");
		IdPage first = users(Duration.ofSeconds(5)).followers(9, null, 2);
		this.body.set("{\"user_ids\": [\"3\"]}");
		IdPage last = users(Duration.ofSeconds(5)).followers(9, 2L, 2);

		assertThat(first.ids()).containsExactly(1L, 2L);
		assertThat(first.nextAfter()).isEqualTo(2L);
		assertThat(last.ids()).containsExactly(3L);
		assertThat(last.nextAfter()).isNull();
	}

	@Test
	void tellsAFollowFromTheFollowingListStartingJustBelowTheFollowee() {
		this.body.set("{\"user_ids\": [\"42\"], \"next_after\": \"42\"}");
		boolean follows = users(Duration.ofSeconds(5)).follows(7, 42);
		String asked = this.query.get();
		this.body.set("{\"user_ids\": [\"43\"]}");
		boolean followsTheNextOne = users(Duration.ofSeconds(5)).follows(7, 42);
		this.body.set("{\"user_ids\": []}");
		boolean followsNobodyFromThere = users(Duration.ofSeconds(5)).follows(7, 42);

		assertThat(asked).isEqualTo("/internal/users/7/following?after=41&limit=1");
		assertThat(follows).isTrue();
		assertThat(followsTheNextOne).isFalse();
		assertThat(followsNobodyFromThere).isFalse();
	}

	@Test
	void readsPostsWhetherListedBareOrWrapped() {
		this.body.set("[{\"post_id\": \"7\", \"thumbnail_url\": \"https://cdn/7.jpg\"}]");
		Map<Long, String> bare = posts().thumbnailsIfAvailable(List.of(7L));
		this.body.set("{\"posts\": [{\"post_id\": \"8\", \"thumbnail_url\": \"https://cdn/8.jpg\"}]}");
		Map<Long, String> wrapped = posts().thumbnailsIfAvailable(List.of(8L));

		assertThat(bare).containsEntry(7L, "https://cdn/7.jpg");
		assertThat(wrapped).containsEntry(8L, "https://cdn/8.jpg");
	}

	@Test
	void degradesReadsButFailsEventWorkWhenTheServiceIsDownAndThenLeavesItAlone() {
		this.status.set(503);
		UserServiceClient users = users(Duration.ofMinutes(1));

		assertThat(users.profilesIfAvailable(List.of(1L))).isEmpty();
		assertThatExceptionOfType(ServiceCallException.class).isThrownBy(() -> users.profile(1L));
		assertThatExceptionOfType(ServiceCallException.class).isThrownBy(() -> users.followers(1L, null, 10));
		assertThatExceptionOfType(ServiceCallException.class).isThrownBy(() -> users.follows(1L, 2L));
		assertThat(users.profilesIfAvailable(List.of(2L))).isEmpty();

		assertThat(this.calls).hasValue(1);
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
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
			.build();
	}

}

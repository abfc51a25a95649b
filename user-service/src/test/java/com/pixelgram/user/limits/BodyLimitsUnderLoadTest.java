package com.pixelgram.user.limits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bodies and login bursts against user-service running with a 256 MB heap: the
 * JSON parser's limits refuse an 11 MB string while it streams in, so forty at once
 * cannot hold 440 MB, and the password bulkhead sheds a burst of logins with 503 instead
 * of queueing it.
 */
class BodyLimitsUnderLoadTest {

	private static final String MAX_HEAP = "256m";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ServiceProcess service;

	@BeforeAll
	static void start() throws Exception {
		// The bulkhead's slots come from the heap: a quarter of 256 MB over 19 MiB is 3.
		service = ServiceProcess.start("users_limits", MAX_HEAP,
				Map.of("pixelgram.users.passwords.max-wait", "100ms", "pixelgram.users.passwords.retry-after", "2s",
						// a key generated and kept in the database, as every test of this
						// module has: the local profile only
						"spring.profiles.active", "local"));
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	void refusesAnElevenMegabyteStringQuicklyAsAProblem() throws Exception {
		byte[] body = hugeRefreshBody();

		long start = System.nanoTime();
		RawHttp.Reply reply = RawHttp.post(service.port(), "/v1/auth/refresh", body);
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		assertThat(reply.status()).as(reply.body()).isIn(400, 413);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(reply.body());
		assertThat(problem.path("type").asString()).startsWith("https://pixelgram.dev/problems/");
		assertThat(problem.path("detail").asString()).contains("limit of the JSON parser");
		assertThat(millis).isLessThan(5_000);
	}

	@Test
	void fortyElevenMegabyteBodiesAtOnceLeaveTheHeapBoundedAndLoginsWorking() throws Exception {
		Api api = new Api(service.port());
		String username = TestUsers.uniqueName("heap");
		TestUsers.register(api, username, null);
		byte[] body = hugeRefreshBody();
		AtomicLong peakHeap = new AtomicLong(service.heapUsed());
		long before = peakHeap.get();
		AtomicBoolean sampling = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(42);
		try {
			Future<?> sampler = executor.submit(() -> {
				while (sampling.get()) {
					try {
						peakHeap.accumulateAndGet(service.heapUsed(), Math::max);
						Thread.sleep(50);
					}
					catch (Exception ex) {
						return;
					}
				}
			});
			List<Future<RawHttp.Reply>> replies = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				replies.add(executor.submit(() -> RawHttp.post(service.port(), "/v1/auth/refresh", body)));
			}
			// Meanwhile an ordinary login.
			int login = api.post("/v1/auth/login", Api.json("username", username, "password", TestUsers.PASSWORD), null)
				.status();
			List<Integer> statuses = new ArrayList<>();
			for (Future<RawHttp.Reply> reply : replies) {
				statuses.add(reply.get(2, TimeUnit.MINUTES).status());
			}
			sampling.set(false);
			sampler.get(30, TimeUnit.SECONDS);

			System.out.printf("Heap of user-service (-Xmx%s): %d MB before, %d MB at the peak of 40 x 11 MB bodies%n",
					MAX_HEAP, before / (1024 * 1024), peakHeap.get() / (1024 * 1024));
			assertThat(login).isEqualTo(200);
			assertThat(statuses).hasSize(40).allSatisfy((status) -> assertThat(status).isIn(400, 413));
			assertThat(service.isAlive()).as(service.logTail()).isTrue();
			assertThat(peakHeap.get()).isLessThan(256L * 1024 * 1024);
			api.post("/v1/auth/login", Api.json("username", username, "password", TestUsers.PASSWORD), null)
				.assertStatus(200);
		}
		finally {
			sampling.set(false);
			executor.shutdownNow();
		}
	}

	@Test
	void aBurstOfLoginsPastTheBulkheadIsShedWith503AndRetryAfter() throws Exception {
		Api api = new Api(service.port());
		String username = TestUsers.uniqueName("burst");
		TestUsers.register(api, username, null);
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Api.json("username", username, "password", TestUsers.PASSWORD),
					StandardCharsets.UTF_8))
			.timeout(Duration.ofMinutes(1))
			.build();

		List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			burst.add(client.sendAsync(login, HttpResponse.BodyHandlers.ofString()));
		}
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> response : burst) {
			responses.add(response.get(2, TimeUnit.MINUTES));
		}

		assertThat(responses).allSatisfy((response) -> assertThat(response.statusCode()).isIn(200, 503));
		assertThat(responses).anySatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
		assertThat(responses).filteredOn((response) -> response.statusCode() == 503).isNotEmpty().allSatisfy((shed) -> {
			assertThat(shed.headers().firstValue("Retry-After")).contains("2");
			assertThat(shed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
			assertThat(JSON.readTree(shed.body()).path("type").asString())
				.isEqualTo("https://pixelgram.dev/problems/service-unavailable");
		});
	}

	/** A refresh body whose token is an 11 MB string. */
	private static byte[] hugeRefreshBody() {
		byte[] token = new byte[11 * 1024 * 1024];
		Arrays.fill(token, (byte) 'a');
		byte[] prefix = "{\"refresh_token\":\"".getBytes(StandardCharsets.US_ASCII);
		byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[prefix.length + token.length + suffix.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		System.arraycopy(token, 0, body, prefix.length, token.length);
		System.arraycopy(suffix, 0, body, prefix.length + token.length, suffix.length);
		return body;
	}

}

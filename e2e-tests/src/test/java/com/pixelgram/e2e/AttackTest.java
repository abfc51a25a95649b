package com.pixelgram.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of the hardening issue, one test each, through the gateway as an attacker
 * would make them. Every request comes from a loopback address of its own unless the
 * attack is about one address, so that the per-address limits these tests reach leave the
 * other tests alone.
 */
@ExtendWith(PixelgramStack.class)
class AttackTest {

	static final int ELEVEN_MB = 11 * 1024 * 1024;

	static final RawHttp http = new RawHttp("127.0.0.1", PixelgramStack.GATEWAY_PORT);

	static final Api api = new Api(PixelgramStack.gateway());

	static Journeys.Account victim;

	@BeforeAll
	static void register() {
		victim = Journeys.register(api, "victim");
	}

	@Test
	void fortyConcurrentElevenMegabyteRefreshesAreRefusedWhileLoginsGoOn() throws Exception {
		byte[] body = ("{\"refresh_token\":\"" + "a".repeat(ELEVEN_MB) + "\"}").getBytes(StandardCharsets.UTF_8);
		InetAddress attacker = RawHttp.freshAddress();
		HeapSampler userService = new HeapSampler(PixelgramStack.USER_SERVICE_MANAGEMENT_PORT);
		HeapSampler gateway = new HeapSampler(PixelgramStack.GATEWAY_MANAGEMENT_PORT);
		ExecutorService pool = Executors.newFixedThreadPool(40);
		try {
			userService.start();
			gateway.start();
			List<Future<RawHttp.Response>> flood = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				// half announce their size, half stream it in chunks of 64 KB
				boolean chunked = i % 2 == 1;
				flood.add(pool.submit(() -> chunked
						? http.sendChunked(attacker, "POST", "/v1/auth/refresh",
								Map.of("Content-Type", "application/json"), body, 64 * 1024)
						: http.send(attacker, "POST", "/v1/auth/refresh", Map.of("Content-Type", "application/json"),
								body)));
			}
			RawHttp.Response during = login(victim.username(), victim.password(), RawHttp.freshAddress());

			List<Integer> statuses = new ArrayList<>();
			for (Future<RawHttp.Response> answer : flood) {
				RawHttp.Response response = answer.get();
				statuses.add(response.status());
				assertThat(response.status()).as(response.toString()).isIn(400, 413);
				assertThat(response.isProblem()).as(response.toString()).isTrue();
			}
			RawHttp.Response after = login(victim.username(), victim.password(), RawHttp.freshAddress());

			assertThat(during.status()).as("a login during the flood: %s", during).isEqualTo(200);
			assertThat(after.status()).as("a login right after: %s", after).isEqualTo(200);
			System.out.printf(
					"Refresh flood: 40 x 11 MB, answers %s; largest heap seen: user-service %d MB (%d samples), "
							+ "gateway %d MB (%d samples)%n",
					statuses, userService.largest() >> 20, userService.samples(), gateway.largest() >> 20,
					gateway.samples());
			assertThat(userService.samples()).as("user-service's heap was read during the flood").isPositive();
		}
		finally {
			userService.stop();
			gateway.stop();
			pool.shutdownNow();
		}
	}

	@Test
	void aTwoHundredThousandCharacterBioIsRefusedWithAProblem() {
		String path = "/v1/users/" + victim.id();
		for (int length : new int[] { 200_000, 60_000 }) {
			Api.Reply reply = api.put(path, "{\"bio\":\"" + "b".repeat(length) + "\"}", victim.accessToken());

			// Past the gateway's 64KB for a JSON body: 413; within it, past the bio's
			// 150 characters: 400.
			assertThat(reply.status()).as("%d characters: %s", length, reply).isIn(400, 413);
			assertThat(reply.isProblem()).as(reply.toString()).isTrue();
		}
		assertThat(api.get(path, victim.accessToken()).json().path("bio").asString()).doesNotStartWith("bbb");
	}

	@Test
	void anElevenMegabyteUploadWrittenWholeBeforeReadingGetsA413Problem() throws IOException {
		String boundary = "attack-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.jpg\"\r\n"
						+ "Content-Type: image/jpeg\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
		byte[] image = new byte[ELEVEN_MB];
		image[0] = (byte) 0xFF;
		image[1] = (byte) 0xD8;
		body.writeBytes(image);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

		// RawHttp writes the whole body, then reads: a server that answers early and
		// closes would reset the connection under the write.
		RawHttp.Response response = http.send(
				RawHttp.freshAddress(), "POST", "/v1/posts", Map.of("Content-Type",
						"multipart/form-data; boundary=" + boundary, "Authorization", "Bearer " + victim.accessToken()),
				body.toByteArray());

		assertThat(response.status()).as(response.toString()).isEqualTo(413);
		assertThat(response.isProblem()).as(response.toString()).isTrue();
	}

	@Test
	void aSpoofedForwardedForDoesNotEscapeThePerAddressLimitOnLogins() throws IOException {
		InetAddress attacker = RawHttp.freshAddress();
		List<Integer> statuses = new ArrayList<>();
		RawHttp.Response last = null;
		for (int i = 0; i < 25; i++) {
			String spoofed = "10.0." + (i / 250) + "." + (i % 250 + 1);
			String json = "{\"username\":\"nobody_" + UUID.randomUUID().toString().substring(0, 8)
					+ "\",\"password\":\"wrong password\"}";
			last = http.send(
					attacker, "POST", "/v1/auth/login", Map.of("Content-Type", "application/json", "X-Forwarded-For",
							spoofed, "X-Real-IP", spoofed, "Forwarded", "for=" + spoofed),
					json.getBytes(StandardCharsets.UTF_8));
			statuses.add(last.status());
		}

		// The gateway allows 20 logins and registrations a minute per address
		// (auth-ip); whatever the headers say, the 21st from one address is refused.
		assertThat(statuses.subList(0, 20)).as(statuses.toString()).doesNotContain(429);
		assertThat(statuses.subList(20, 25)).as(statuses.toString()).containsOnly(429);
		assertThat(last.isProblem()).isTrue();
		assertThat(last.headers()).containsKey("retry-after");
		RawHttp.Response elsewhere = login("nobody", "wrong password", RawHttp.freshAddress());
		assertThat(elsewhere.status()).as("another address is not limited: %s", elsewhere).isEqualTo(401);
	}

	@Test
	void tenWrongPasswordsThrottleTheAttackersAddressButNotTheOwner() throws IOException {
		Journeys.Account owner = Journeys.register(api, "owner");
		InetAddress attacker = RawHttp.freshAddress();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			statuses.add(login(owner.username(), "wrong password " + i, attacker).status());
		}
		RawHttp.Response rightPasswordFromAttacker = login(owner.username(), owner.password(), attacker);
		RawHttp.Response owners = login(owner.username(), owner.password(), RawHttp.freshAddress());

		// user-service: 5 failures of an account from one address, then that address is
		// refused for a minute. (An account attacked from many addresses is covered
		// in user-service's LoginThrottle tests.)
		assertThat(statuses.subList(0, 5)).as(statuses.toString()).containsOnly(401);
		assertThat(statuses.subList(5, 10)).as(statuses.toString()).containsOnly(429);
		assertThat(rightPasswordFromAttacker.status()).as(rightPasswordFromAttacker.toString()).isEqualTo(429);
		assertThat(rightPasswordFromAttacker.isProblem()).isTrue();
		assertThat(rightPasswordFromAttacker.headers()).containsKey("retry-after");
		assertThat(owners.status()).as("the owner, from their own address: %s", owners).isEqualTo(200);
	}

	@Test
	void aPageTooDeepIsA400ProblemNotAScan() {
		Api.Reply reply = api.get("/v1/users/" + victim.id() + "/followers?page=100000", victim.accessToken());

		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.isProblem()).isTrue();
		assertThat(reply.text("type")).isEqualTo("https://pixelgram.dev/problems/page-too-deep");
	}

	private static RawHttp.Response login(String username, String password, InetAddress from) throws IOException {
		String json = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
		return http.send(from, "POST", "/v1/auth/login", Map.of("Content-Type", "application/json"),
				json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a service's heap ({@code jvm_memory_used_bytes{area="heap"}}, every pool)
	 * from its Prometheus endpoint every 100 ms and keeps the largest.
	 */
	static final class HeapSampler {

		private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

		private final URI uri;

		private final AtomicLong largest = new AtomicLong();

		private final AtomicLong samples = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean();

		private CompletableFuture<Void> loop;

		HeapSampler(int port) {
			this.uri = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
		}

		void start() {
			this.running.set(true);
			this.loop = CompletableFuture.runAsync(() -> {
				while (this.running.get()) {
					sample();
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			});
		}

		void stop() {
			this.running.set(false);
			if (this.loop != null) {
				this.loop.join();
			}
			sample();
		}

		long largest() {
			return this.largest.get();
		}

		long samples() {
			return this.samples.get();
		}

		private void sample() {
			try {
				HttpResponse<String> response = this.client.send(
						HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				long heap = Arrays.stream(response.body().split("\n"))
					.filter((line) -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
					.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
					.sum();
				if (heap > 0) {
					this.largest.accumulateAndGet(heap, Math::max);
					this.samples.incrementAndGet();
				}
			}
			catch (IOException | RuntimeException ex) {
				// a sample missed under load; the next one counts
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

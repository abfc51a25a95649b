package com.pixelgram.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A phone's view of the API: JSON over HTTP to the gateway. Every call is recorded with
 * its route, its answer and the logical shard of the data it touched, so that a fault's
 * errors can be placed. A call that gets no answer (refused, reset, timed out) is status
 * 0.
 */
final class Client {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

	Client(String base) {
		this.base = base;
	}

	/**
	 * One request and its answer.
	 *
	 * @param at when it was sent ({@link System#nanoTime()})
	 * @param route the route, as {@code POST /v1/posts/{id}/like}
	 * @param status the status, 0 without an answer
	 * @param shard the logical shard of the data it touched, -1 for none in particular
	 */
	record Call(long at, String route, int status, int shard) {

		boolean failed() {
			return this.status == 0 || this.status >= 500;
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the status, 0 without an answer
	 * @param body the body, or the reason there was none
	 */
	record Reply(int status, String body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		/** No answer or a 5xx: the write may or may not have been done. */
		boolean uncertain() {
			return this.status == 0 || this.status >= 500;
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String text(String field) {
			return json().path(field).asString();
		}

		@Override
		public String toString() {
			return this.status + " " + ((this.body.length() > 300) ? this.body.substring(0, 300) + "…" : this.body);
		}

	}

	Iterable<Call> calls() {
		return this.calls;
	}

	Reply get(String route, int shard, String path, String token) {
		return send(route, shard, request(path, token).GET());
	}

	Reply post(String route, int shard, String path, String json, String token) {
		return send(route, shard, request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A photo upload, as the app sends it: multipart, with an idempotency key. */
	Reply upload(int shard, String token, String idempotencyKey, String caption, byte[] png) {
		String boundary = "chaos-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		Map.of("caption", caption, "alt_text", "a generated test photo")
			.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
					+ name + "\"\r\n\r\n" + value + "\r\n")
				.getBytes(StandardCharsets.UTF_8)));
		body.writeBytes(("--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(png);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send("POST /v1/posts", shard,
				request("/v1/posts", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.header("Idempotency-Key", idempotencyKey)
					.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	private Reply send(String route, int shard, HttpRequest.Builder request) {
		long at = System.nanoTime();
		Reply reply;
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			reply = new Reply(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			reply = new Reply(0, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			reply = new Reply(0, "interrupted");
		}
		this.calls.add(new Call(at, route, reply.status(), shard));
		return reply;
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(TIMEOUT);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

}

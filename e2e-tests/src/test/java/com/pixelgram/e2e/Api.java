package com.pixelgram.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A mobile client's view of the API: JSON over HTTP to the gateway, nothing else. */
final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * The routes the gateway limits per client address before login. Each journey's
	 * people sign up and log in from phones of their own, so these go out from a fresh
	 * loopback address each: a suite that registers a few dozen accounts within a minute
	 * from one address would otherwise spend the limit meant for one client.
	 */
	private static final java.util.Set<String> PER_ADDRESS_LIMITED = java.util.Set.of("/v1/auth/register",
			"/v1/auth/login");

	private final String base;

	private final RawHttp raw;

	Api(String base) {
		this.base = base;
		URI uri = URI.create(base);
		this.raw = new RawHttp(uri.getHost(), uri.getPort());
	}

	Reply get(String path, String token) {
		return send(request(path, token).GET());
	}

	Reply post(String path, String json, String token) {
		if (token == null && PER_ADDRESS_LIMITED.contains(path)) {
			return postFromFreshAddress(path, json);
		}
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Reply put(String path, String json, String token) {
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	Reply patch(String path, String json, String token) {
		return send(request(path, token).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
	}

	Reply delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	/** A multipart form with text fields and one file, as a phone uploads a photo. */
	Reply postMultipart(String path, String token, java.util.Map<String, String> fields, String fileField,
			String filename, String contentType, byte[] file, String... headers) {
		String boundary = "pixelgram-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		fields.forEach((name, value) -> body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
				+ filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		body.writeBytes(file);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpRequest.Builder request = request(path, token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/**
	 * A multipart form of any parts, in order, repeated names included, as a phone
	 * uploads a carousel.
	 */
	Reply postParts(String path, String token, java.util.List<Part> parts) {
		String boundary = "pixelgram-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		for (Part part : parts) {
			String disposition = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
					+ ((part.filename() != null)
							? "; filename=\"" + part.filename() + "\"\r\nContent-Type: " + part.contentType() : "")
					+ "\r\n\r\n";
			body.writeBytes(disposition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			body.writeBytes(part.bytes());
			body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return send(request(path, token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	/** The raw bytes and headers of a URL outside the API, such as a CDN image. */
	HttpResponse<byte[]> fetch(String url) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Reply postFromFreshAddress(String path, String json) {
		try {
			RawHttp.Response response = this.raw.send(RawHttp.freshAddress(), "POST", path,
					java.util.Map.of("Content-Type", "application/json"),
					json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return new Reply(response.status(), Optional.ofNullable(response.headers().get("content-type")),
					Optional.ofNullable(response.headers().get("retry-after")),
					Optional.ofNullable(response.headers().get("link")), response.text());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type"),
					response.headers().firstValue("Retry-After"), response.headers().firstValue("Link"),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	/**
	 * One part of a multipart form: a text field when it has no file name.
	 *
	 * @param name the field's name
	 * @param filename the file's name, or {@code null} for a text field
	 * @param contentType the file's type
	 * @param bytes the content
	 */
	record Part(String name, String filename, String contentType, byte[] bytes) {

		static Part text(String name, String value) {
			return new Part(name, null, null, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		static Part file(String name, String filename, String contentType, byte[] bytes) {
			return new Part(name, filename, contentType, bytes);
		}

	}

	/** An answer: status, the headers the journey looks at, and the body. */
	record Reply(int status, Optional<String> contentType, Optional<String> retryAfter, Optional<String> link,
			String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String text(String field) {
			return json().path(field).asString();
		}

		boolean isProblem() {
			return this.contentType.filter((type) -> type.startsWith("application/problem+json")).isPresent();
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}

package com.pixelgram.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a real HTTP call answered, whatever the status, for tests that assert on error
 * responses.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body as text
 */
public record HttpReply(int status, HttpHeaders headers, String body) {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * A client of the local server on the JDK's HTTP client, which, unlike Apache's, does
	 * not retry a 429 or 503 by itself.
	 */
	public static RestClient client(int port) {
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + port)
			.build();
	}

	/** Sends the request and keeps the reply instead of throwing on 4xx and 5xx. */
	public static HttpReply of(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((clientRequest, response) -> {
			try (InputStream body = response.getBody()) {
				return new HttpReply(response.getStatusCode().value(), HttpHeaders.copyOf(response.getHeaders()),
						new String(body.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	public JsonNode json() {
		return json.readTree(this.body);
	}

	/** Asserts the status and returns the JSON body. */
	public JsonNode assertStatus(int expected) {
		assertThat(this.status).as("status of %s", this.body).isEqualTo(expected);
		return this.body.isEmpty() ? json.missingNode() : json();
	}

	/** The {@code field} members of a validation problem's {@code errors}. */
	public List<String> errorFields() {
		List<String> fields = new ArrayList<>();
		json().path("errors").forEach((error) -> fields.add(error.path("field").asString()));
		return fields;
	}

	/** Asserts an RFC 9457 problem of this status and type slug, and returns its body. */
	public JsonNode assertProblem(int expectedStatus, String expectedSlug) {
		assertThat(this.status).as("status of %s", this.body).isEqualTo(expectedStatus);
		assertThat(this.headers.getContentType()).as("content type of %s", this.body)
			.isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
		JsonNode problem = json();
		assertThat(problem.path("type").asString()).isEqualTo("https://pixelgram.dev/problems/" + expectedSlug);
		assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
		assertThat(problem.path("title").asString()).isNotBlank();
		return problem;
	}

}

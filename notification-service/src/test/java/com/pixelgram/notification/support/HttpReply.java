package com.pixelgram.notification.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a real HTTP call answered, whatever the status.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body as text
 */
public record HttpReply(int status, HttpHeaders headers, String body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public JsonNode json() {
		return JSON.readTree(this.body);
	}

	/** Asserts the status and returns the JSON body. */
	public JsonNode assertStatus(int expected) {
		assertThat(this.status).as("status of %s", this.body).isEqualTo(expected);
		return this.body.isEmpty() ? JSON.missingNode() : json();
	}

	/** Asserts an RFC 9457 problem of this status and type slug, and returns its body. */
	public JsonNode assertProblem(int expectedStatus, String expectedSlug) {
		assertThat(this.status).as("status of %s", this.body).isEqualTo(expectedStatus);
		assertThat(this.headers.getContentType()).as("content type of %s", this.body)
			.isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
		JsonNode problem = json();
		assertThat(problem.path("type").asString()).isEqualTo("https://pixelgram.dev/problems/" + expectedSlug);
		return problem;
	}

}

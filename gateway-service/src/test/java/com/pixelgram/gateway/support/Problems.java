package com.pixelgram.gateway.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

	private Problems() {
	}

	/**
	 * Asserts a problem response of the status and slug for the path, with a detail and
	 * no trace of the implementation.
	 */
	public static WebTestClient.ResponseSpec assertProblem(WebTestClient.ResponseSpec response, HttpStatus status,
			String slug, String instance) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://pixelgram.dev/problems/" + slug)
			.jsonPath("$.title")
			.isEqualTo(status.getReasonPhrase())
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.instance")
			.isEqualTo(instance)
			.jsonPath("$.trace")
			.doesNotExist()
			.jsonPath("$.exception")
			.doesNotExist()
			.consumeWith((result) -> assertThat(new String(result.getResponseBodyContent()))
				.doesNotContainPattern("(java|reactor|org\\.springframework|io\\.netty)\\.[a-z]+\\.")
				.doesNotContain("Exception"));
		return response;
	}

}

package com.pixelgram.post.upload;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class UnverifiedAuthorTest extends PostIntegrationTest {

	private static final byte[] PHOTO = TestImages.png(TestImages.photo(64, 48));

	@Test
	void anAuthorWithAnUnverifiedEmailPostsAFewPhotosADay() {
		long author = newUser();

		for (int i = 0; i < 3; i++) {
			assertThat(upload(author, false, null).status()).isEqualTo(202);
		}
		Reply refused = upload(author, false, null);

		JsonNode problem = refused.assertProblem(403, "email-not-verified");
		assertThat(problem.path("max_posts").asInt()).isEqualTo(3);
		assertThat(problem.path("detail").asString()).contains("Verify your email");
		// once verified (the next refreshed token says so) the limit is gone
		assertThat(upload(author, true, null).status()).isEqualTo(202);
	}

	@Test
	void aRetriedUploadOfAnAcceptedPostIsNotRefused() {
		long author = newUser();
		for (int i = 0; i < 2; i++) {
			assertThat(upload(author, false, null).status()).isEqualTo(202);
		}
		Reply third = upload(author, false, "retry-key-1");
		assertThat(third.status()).isEqualTo(202);

		Reply retried = upload(author, false, "retry-key-1");

		assertThat(retried.status()).isEqualTo(202);
		assertThat(retried.json().path("post_id").asString()).isEqualTo(third.json().path("post_id").asString());
	}

	@Test
	void aTokenWithoutTheClaimIsNotLimited() {
		long author = newUser();

		for (int i = 0; i < 4; i++) {
			assertThat(upload(author, (Boolean) null, null).status()).isEqualTo(202);
		}
	}

	private Reply upload(long userId, Boolean emailVerified, String idempotencyKey) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		HttpHeaders imageHeaders = new HttpHeaders();
		imageHeaders.setContentType(MediaType.IMAGE_PNG);
		imageHeaders.setContentDispositionFormData("image", "photo.png");
		parts.add("image", new HttpEntity<>(new ByteArrayResource(PHOTO), imageHeaders));
		var request = client().post()
			.uri("/v1/posts")
			.header(HttpHeaders.AUTHORIZATION, (emailVerified != null) ? bearer(userId, emailVerified) : bearer(userId))
			.contentType(MediaType.MULTIPART_FORM_DATA);
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return Reply.of(request.body(parts));
	}

}

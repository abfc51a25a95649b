package com.pixelgram.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemExceptionHandlerTest {

	@Test
	void namesBodyFieldsInSnakeCaseAsJacksonWritesThem() {
		assertThat(ProblemExceptionHandler.snakeCase("fullName")).isEqualTo("full_name");
		assertThat(ProblemExceptionHandler.snakeCase("items[0].unitPrice")).isEqualTo("items[0].unit_price");
		assertThat(ProblemExceptionHandler.snakeCase("address.zipCode")).isEqualTo("address.zip_code");
		assertThat(ProblemExceptionHandler.snakeCase("quantity")).isEqualTo("quantity");
	}

	@Test
	void givesSpringsBlankProblemTheTypeOfItsStatus() {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);

		ProblemExceptionHandler.complete(problem, HttpStatus.CONFLICT);

		assertThat(problem.getType()).isEqualTo(ProblemType.CONFLICT.uri());
		assertThat(problem.getTitle()).isEqualTo("Conflict");
	}

	@Test
	void keepsATypeThatIsAlreadySet() {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setType(ProblemType.VALIDATION.uri());

		ProblemExceptionHandler.complete(problem, HttpStatus.BAD_REQUEST);

		assertThat(problem.getType()).isEqualTo(ProblemType.VALIDATION.uri());
	}

	@Test
	void typeUrisAreStableSlugs() {
		assertThat(ProblemType.NOT_FOUND.uri()).hasToString("https://pixelgram.dev/problems/not-found");
		assertThat(ProblemType.uri("image-too-large-pixels"))
			.hasToString("https://pixelgram.dev/problems/image-too-large-pixels");
		assertThat(ProblemType.forStatus(400)).contains(ProblemType.MALFORMED_REQUEST);
		assertThat(ProblemType.forStatus(418)).isEmpty();
	}

}

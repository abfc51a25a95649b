package com.pixelgram.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PagingTest {

	@Test
	void servesPagesDownToTheDeepestOffset() {
		Paging deepest = Paging.of(101, 100, 20, 100, 10_000);

		assertThat(deepest.offset()).isEqualTo(10_000);
		assertThat(Paging.of(null, null, 20, 100, 10_000)).isEqualTo(new Paging(1, 20));
	}

	@Test
	void refusesAPagePastTheDeepestOffsetNamingTheLimit() {
		ApiException tooDeep = catchThrowableOfType(ApiException.class, () -> Paging.of(102, 100, 20, 100, 10_000));
		ApiException huge = catchThrowableOfType(ApiException.class,
				() -> Paging.of(Integer.MAX_VALUE, null, 20, 100, 10_000));

		assertThat(tooDeep.getStatus().value()).isEqualTo(400);
		assertThat(tooDeep.getSlug()).isEqualTo("page-too-deep");
		assertThat(tooDeep.getProperties()).containsEntry("max_offset", 10_000L).containsEntry("max_page", 101L);
		assertThat(tooDeep.getDetail()).contains("10000").contains("Narrow the query");
		assertThat(huge.getProperties()).containsEntry("max_page", 501L);
	}

	@Test
	void stillRefusesBadParametersAsValidation() {
		ApiException refused = catchThrowableOfType(ApiException.class, () -> Paging.of(0, 101, 20, 100, 10_000));

		assertThat(refused.getSlug()).isEqualTo("validation");
	}

}

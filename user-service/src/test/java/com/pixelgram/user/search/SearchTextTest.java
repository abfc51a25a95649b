package com.pixelgram.user.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTextTest {

	@Test
	void foldsCaseAccentsCompatibilityFormsAndSpaces() {
		assertThat(SearchText.normalize("  José   NÚÑEZ ")).isEqualTo("jose nunez");
		assertThat(SearchText.normalize("Ｊｏｓｅ")).isEqualTo("jose");
		assertThat(SearchText.normalize("Zoë Ångström")).isEqualTo("zoe angstrom");
		assertThat(SearchText.normalize(null)).isEmpty();
	}

	@Test
	void escapesLikeWildcards() {
		assertThat(SearchText.escapeLike("100%_a\\b")).isEqualTo("100\\%\\_a\\\\b");
	}

}

package com.pixelgram.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InternalTokenTest {

	@Test
	void matchesOnlyTheConfiguredSecret() {
		InternalToken token = new InternalToken("s3cret");

		assertThat(token.matches("s3cret")).isTrue();
		assertThat(token.matches("s3cre")).isFalse();
		assertThat(token.matches("s3cret ")).isFalse();
		assertThat(token.matches(null)).isFalse();
	}

	@Test
	void refusesEveryCallWhenNoSecretIsConfigured() {
		for (String unset : new String[] { null, "", "  " }) {
			InternalToken token = new InternalToken(unset);

			assertThat(token.matches(null)).isFalse();
			assertThat(token.matches("")).isFalse();
			assertThat(token.matches("  ")).isFalse();
			assertThat(token.matches("anything")).isFalse();
		}
	}

	@Test
	void interceptorRequiresASecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InternalTokenInterceptor(""));
	}

}

package com.pixelgram.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
	void knowsEachCallerByItsOwnTokenAndIgnoresCallersWithoutOne() {
		InternalCallers callers = new InternalCallers(Map.of("feed",
				new SecurityProperties.InternalCaller("feed-token", List.of("/internal/users")), "notification",
				new SecurityProperties.InternalCaller("notification-token", List.of("/internal/posts")), "post",
				new SecurityProperties.InternalCaller(" ", List.of("/internal/users"))));

		assertThat(callers.identify("feed-token").name()).isEqualTo("feed");
		assertThat(callers.identify("notification-token").name()).isEqualTo("notification");
		assertThat(callers.identify(" ")).isNull();
		assertThat(callers.identify("feed-token ")).isNull();
		assertThat(callers.identify(null)).isNull();
	}

	@Test
	void refusesTwoCallersThatShareAToken() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new InternalCallers(
					Map.of("feed", new SecurityProperties.InternalCaller("same", List.of("/internal/users")),
							"notification", new SecurityProperties.InternalCaller("same", List.of("/internal/posts")))))
			.withMessageContaining("same token");
	}

	@Test
	void interceptorRequiresASecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InternalTokenInterceptor(""));
	}

}

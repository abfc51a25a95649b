package com.pixelgram.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CurrentUserTest {

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void isTheSubjectOfTheVerifiedToken() {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "ES256")
			.subject("1234567890123")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));

		assertThat(CurrentUser.id()).isEqualTo(1234567890123L);
		assertThat(CurrentUser.idIfPresent()).hasValue(1234567890123L);
	}

	@Test
	void isAbsentForATokenNotYetAuthenticated() {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "ES256").subject("42").build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));

		assertThat(CurrentUser.idIfPresent()).isEmpty();
	}

	@Test
	void isAbsentWithoutAuthentication() {
		assertThat(CurrentUser.idIfPresent()).isEmpty();
		assertThatExceptionOfType(AuthenticationCredentialsNotFoundException.class).isThrownBy(CurrentUser::id);
	}

	@Test
	void isAbsentForAnAuthenticationThatIsNotAToken() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("42", null, List.of()));

		assertThat(CurrentUser.idIfPresent()).isEmpty();
	}

}

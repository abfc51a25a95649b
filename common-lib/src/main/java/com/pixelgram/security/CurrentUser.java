package com.pixelgram.security;

import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The user of the current request: always the subject of its verified token, never a
 * header or a body field.
 */
public final class CurrentUser {

	private CurrentUser() {
	}

	/**
	 * The authenticated user's ID.
	 * @throws AuthenticationCredentialsNotFoundException without a verified token, which
	 * the API answers with 401
	 */
	public static long id() {
		return idIfPresent().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("No authenticated user"));
	}

	/**
	 * The authenticated user's ID, or empty without a verified token (public paths and
	 * {@code /internal/**} do not read tokens at all).
	 */
	public static OptionalLong idIfPresent() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
			// The decoder only accepts tokens whose subject is a number.
			return OptionalLong.of(Long.parseLong(token.getToken().getSubject()));
		}
		return OptionalLong.empty();
	}

	/**
	 * A claim of the current request's verified token, or empty without a token or
	 * without that claim.
	 */
	public static Optional<Object> claim(String name) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
			return Optional.ofNullable(token.getToken().getClaims().get(name));
		}
		return Optional.empty();
	}

}

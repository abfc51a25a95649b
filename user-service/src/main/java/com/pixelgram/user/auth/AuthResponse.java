package com.pixelgram.user.auth;

import com.pixelgram.user.profile.UserProfile;
import com.pixelgram.user.token.TokenPair;

/**
 * The answer of register, login and refresh: the user and a token pair.
 *
 * @param user the caller's own profile
 * @param accessToken ES256 JWT
 * @param refreshToken opaque, single use
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds the access token lives
 */
record AuthResponse(UserProfile user, String accessToken, String refreshToken, String tokenType, long expiresIn) {

	static AuthResponse of(UserProfile user, TokenPair tokens) {
		return new AuthResponse(user, tokens.accessToken(), tokens.refreshToken(), TokenPair.TYPE, tokens.expiresIn());
	}

}

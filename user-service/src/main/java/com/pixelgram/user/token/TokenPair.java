package com.pixelgram.user.token;

/**
 * What a login, a registration or a refresh hands out.
 *
 * @param userId the user the tokens are for
 * @param accessToken the ES256 JWT
 * @param refreshToken the opaque refresh token
 * @param expiresIn seconds the access token lives
 */
public record TokenPair(long userId, String accessToken, String refreshToken, long expiresIn) {

	/** The token type of the OAuth 2.0 responses. */
	public static final String TYPE = "Bearer";

}

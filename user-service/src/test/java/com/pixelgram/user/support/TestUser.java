package com.pixelgram.user.support;

/**
 * A user registered through the API, with its tokens.
 *
 * @param id the user ID
 * @param username the username
 * @param email the email
 * @param password the password
 * @param accessToken the access token of the registration
 * @param refreshToken the refresh token of the registration
 */
public record TestUser(long id, String username, String email, String password, String accessToken,
		String refreshToken) {

}

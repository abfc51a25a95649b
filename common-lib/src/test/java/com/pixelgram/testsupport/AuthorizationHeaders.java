package com.pixelgram.testsupport;

import java.util.List;

/**
 * {@code Authorization} values a bearer-token reader must treat as Spring Security's own
 * readers do: well-formed tokens in any case of the scheme, other schemes, and malformed
 * ones (spaces, padding in the middle, characters outside RFC 6750's token).
 */
public final class AuthorizationHeaders {

	public static final List<String> FORMS = List.of("Bearer abc", "bearer abc", "BEARER a-b.c_d~e+f/g", "Bearer abc==",
			"Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "Basic dXNlcjpwYXNz", "Token abc", "", "Bearer", "Bearer ",
			"Bearer  abc", "Bearer a b", "Bearer =abc", "Bearer abc=d", "Bearerabc", "Bearer\tabc", "Bearer abc ",
			"Bearer ab%63", "Bearer é");

	private AuthorizationHeaders() {
	}

}

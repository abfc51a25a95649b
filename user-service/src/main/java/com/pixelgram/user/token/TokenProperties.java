package com.pixelgram.user.token;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access and refresh tokens.
 *
 * @param accessTokenTtl lifetime of an access token (a JWT nobody can revoke)
 * @param refreshTokenTtl lifetime of a refresh token; each rotation starts a new one
 * @param keys configured signing keys; empty to generate one and keep it in the global
 * schema, in clear, which only the {@code local} profile allows
 */
@ConfigurationProperties("pixelgram.users.tokens")
record TokenProperties(@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue List<Key> keys) {

	/**
	 * One EC P-256 signing key.
	 *
	 * @param kid the key ID published in the JWKS and put in token headers
	 * @param privateKey the private key, PKCS#8 PEM
	 * @param privateKeyFile a file holding the private key, PKCS#8 PEM (a mounted Secret
	 * or volume), read at start when {@code privateKey} is not set
	 * @param active whether new tokens are signed with it (exactly one key is, or the
	 * only key)
	 */
	public record Key(String kid, String privateKey, String privateKeyFile, boolean active) {

	}

}

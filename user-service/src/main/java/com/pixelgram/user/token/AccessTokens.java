package com.pixelgram.user.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.security.SecurityProperties;

import org.springframework.stereotype.Component;

/**
 * Signs access tokens: ES256 JWTs with {@code sub}, {@code iss}, {@code aud},
 * {@code iat}, {@code auth_time} (when the session's login was), {@code exp},
 * {@code jti}, {@code sid} (the session: the refresh-token family),
 * {@code email_verified} (as it was when the token was issued; post-service limits
 * unverified accounts by it), {@code roles} (as {@link RoleProperties} grants them when
 * the token is issued, an empty list for most) and the key's {@code kid} in the header.
 */
@Component
class AccessTokens {

	private final SigningKeys keys;

	private final SecurityProperties security;

	private final TokenProperties properties;

	AccessTokens(SigningKeys keys, SecurityProperties security, TokenProperties properties) {
		this.keys = keys;
		this.security = security;
		this.properties = properties;
	}

	/**
	 * @param authenticatedAt when the session began (its login), kept across refreshes as
	 * {@code auth_time}
	 * @param now the token's issue time
	 * @param roles the account's roles
	 */
	String issue(long userId, Instant authenticatedAt, Instant now, UUID sessionId, boolean emailVerified,
			List<String> roles) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(Long.toString(userId))
			.issuer(this.security.issuer())
			.audience(this.security.audience())
			.issueTime(Date.from(now))
			.claim("auth_time", authenticatedAt.getEpochSecond())
			.claim("sid", sessionId.toString())
			.claim("email_verified", emailVerified)
			.claim("roles", roles)
			.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.keys.activeKid()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(this.keys.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign an access token", ex);
		}
		return jwt.serialize();
	}

}

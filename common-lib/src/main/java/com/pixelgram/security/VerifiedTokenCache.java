package com.pixelgram.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Access tokens whose signature was verified, by their exact text: a mobile client sends
 * the same token for up to 15 minutes, and verifying ES256 costs far more than the rest
 * of a cached read. The key is the whole token, so a token altered in any byte is a miss
 * and is verified; a hit is checked again against the claim validator (expiry, issuer,
 * audience), so caching never extends a token's life. Failures are not cached.
 */
public final class VerifiedTokenCache {

	private final Cache<String, Jwt> tokens;

	private final OAuth2TokenValidator<Jwt> validator;

	public VerifiedTokenCache(int maxSize, Duration ttl, OAuth2TokenValidator<Jwt> validator) {
		this.tokens = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
		this.validator = validator;
	}

	/**
	 * The token as verified before, or {@code null} when it was not.
	 * @throws JwtValidationException when it was, but its claims no longer pass (it
	 * expired)
	 */
	public Jwt get(String token) {
		Jwt jwt = this.tokens.getIfPresent(token);
		if (jwt == null) {
			return null;
		}
		OAuth2TokenValidatorResult result = this.validator.validate(jwt);
		if (result.hasErrors()) {
			this.tokens.invalidate(token);
			throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
		}
		return jwt;
	}

	/** Records a token that the decoder verified and validated. */
	public void put(String token, Jwt jwt) {
		this.tokens.put(token, jwt);
	}

	/**
	 * A decoder that asks the delegate only for tokens it has not verified yet; the
	 * delegate itself when the cache is off ({@code maxSize} 0).
	 */
	public static JwtDecoder caching(JwtDecoder delegate, SecurityProperties.TokenCache settings,
			OAuth2TokenValidator<Jwt> validator) {
		if (settings.maxSize() <= 0) {
			return delegate;
		}
		VerifiedTokenCache cache = new VerifiedTokenCache(settings.maxSize(), settings.ttl(), validator);
		return (token) -> {
			Jwt known = cache.get(token);
			if (known != null) {
				return known;
			}
			Jwt verified = delegate.decode(token);
			cache.put(token, verified);
			return verified;
		};
	}

}

package com.pixelgram.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTest {

	private static final SecurityProperties PROPERTIES = new SecurityProperties("http://keys.test/jwks.json",
			"pixelgram", "pixelgram-api", Duration.ofSeconds(30), List.of(), null, Map.of(),
			new SecurityProperties.TokenCache(100, Duration.ofMinutes(15)));

	private final AtomicInteger verifications = new AtomicInteger();

	@Test
	void aTokenIsVerifiedOnceThenServedFromTheCache() {
		JwtDecoder decoder = caching((token) -> jwt(token, Instant.now().plusSeconds(900)));

		Jwt first = decoder.decode("token-a");
		Jwt second = decoder.decode("token-a");

		assertThat(second).isSameAs(first);
		assertThat(this.verifications).hasValue(1);
		decoder.decode("token-b");
		assertThat(this.verifications).as("another token is verified").hasValue(2);
	}

	@Test
	void aCachedTokenThatExpiredIsRefused() {
		// Issued valid, expired by the time of the second use (beyond the 30 s skew).
		Jwt expiring = jwt("token-a", Instant.now().minusSeconds(31));
		VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(15),
				ResourceServerAutoConfiguration.jwtValidator(PROPERTIES));
		cache.put("token-a", expiring);

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> cache.get("token-a"));
		assertThat(cache.get("token-a")).as("dropped after the refusal").isNull();
	}

	@Test
	void aRefusedTokenIsNotCached() {
		JwtDecoder decoder = caching((token) -> {
			throw new BadJwtException("bad signature");
		});

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("forged"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("forged"));
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aCacheOfSizeZeroIsNoCache() {
		JwtDecoder delegate = (token) -> jwt(token, Instant.now().plusSeconds(900));

		assertThat(VerifiedTokenCache.caching(delegate, new SecurityProperties.TokenCache(0, Duration.ofMinutes(1)),
				ResourceServerAutoConfiguration.jwtValidator(PROPERTIES)))
			.isSameAs(delegate);
	}

	private JwtDecoder caching(JwtDecoder verifier) {
		JwtDecoder counting = (token) -> {
			this.verifications.incrementAndGet();
			return verifier.decode(token);
		};
		return VerifiedTokenCache.caching(counting, PROPERTIES.tokenCache(),
				ResourceServerAutoConfiguration.jwtValidator(PROPERTIES));
	}

	private static Jwt jwt(String token, Instant expiresAt) {
		return Jwt.withTokenValue(token)
			.header("alg", "ES256")
			.subject("42")
			.issuer("pixelgram")
			.audience(List.of("pixelgram-api"))
			.issuedAt(expiresAt.minusSeconds(900))
			.expiresAt(expiresAt)
			.build();
	}

}

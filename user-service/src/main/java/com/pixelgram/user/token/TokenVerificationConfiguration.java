package com.pixelgram.user.token;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.pixelgram.security.ResourceServerAutoConfiguration;
import com.pixelgram.security.VerifiedTokenCache;
import com.pixelgram.security.SecurityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * user-service verifies tokens with its own key set in memory instead of fetching its own
 * JWKS over HTTP; the checks are the ones common-lib applies in every other service.
 */
@Configuration(proxyBeanMethods = false)
class TokenVerificationConfiguration {

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties properties) {
		// ES256 only: a token signed with none, HS256 or RS256 has no key to match.
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.publicKeys()))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		OAuth2TokenValidator<Jwt> validator = ResourceServerAutoConfiguration.jwtValidator(properties);
		decoder.setJwtValidator(validator);
		return VerifiedTokenCache.caching(decoder, properties.tokenCache(), validator);
	}

}

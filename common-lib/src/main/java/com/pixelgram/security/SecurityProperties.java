package com.pixelgram.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service verifies the callers of its API.
 *
 * @param jwksUri where user-service publishes its public keys
 * ({@code .../.well-known/jwks.json})
 * @param issuer the {@code iss} every token must carry
 * @param audience a value the token's {@code aud} must contain
 * @param clockSkew how far {@code exp} and {@code nbf} may be off between machines
 * @param publicPaths path patterns reachable without a token; a service that adds its own
 * (user-service's {@code /v1/auth/**}) lists the defaults again, since a list property is
 * replaced as a whole
 * @param internalToken the token this service sends in {@code X-Internal-Token} when it
 * calls another service's {@code /internal/**}; its own credential, known only to it and
 * to the services it calls
 * @param internalCallers the services allowed to call this one's {@code /internal/**}, by
 * name ({@code feed}, {@code notification}, ...): each with its own token and the paths
 * it may call; a call with any other token, or outside its caller's paths, is refused
 * @param tokenCache the cache of access tokens whose signature was verified
 */
@ConfigurationProperties("pixelgram.security")
public record SecurityProperties(String jwksUri, @DefaultValue("pixelgram") String issuer,
		@DefaultValue("pixelgram-api") String audience, @DefaultValue("30s") Duration clockSkew, @DefaultValue( {
				"/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**", "/swagger-ui/**",
				"/swagger-ui.html", "/error" }) List<String> publicPaths,
		String internalToken, @DefaultValue Map<String, InternalCaller> internalCallers,
		@DefaultValue TokenCache tokenCache){

	/**
	 * One service that may call this one's {@code /internal/**}.
	 *
	 * @param token the token it sends (its {@code pixelgram.security.internal-token});
	 * unset: the caller is refused
	 * @param paths the path patterns it may call, e.g.
	 * {@code /internal/users/*}{@code /followers}
	 */
	public record InternalCaller(String token, @DefaultValue List<String> paths) {

	}

	/**
	 * Verified access tokens, kept so that a client's next requests skip the ES256
	 * signature check (the dominant cost of a cached read on JDK 17). A hit still passes
	 * the claim checks, so an expired token is refused as before.
	 *
	 * @param maxSize tokens kept (0 turns the cache off)
	 * @param ttl how long a token stays after its first verification
	 */
	public record TokenCache(@DefaultValue("10000") int maxSize, @DefaultValue("15m") Duration ttl) {

	}

}

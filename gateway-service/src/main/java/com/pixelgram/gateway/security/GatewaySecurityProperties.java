package com.pixelgram.gateway.security;

import java.net.URI;
import java.time.Duration;

import com.pixelgram.security.SecurityProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway verifies bearer tokens: where the keys are published and which issuer,
 * audience and clock skew it accepts.
 *
 * @param jwksUri the JWKS of user-service
 * @param issuer the required {@code iss}
 * @param audience the required {@code aud} entry
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param jwksTimeout connect and response timeout when fetching the JWKS, so that a hung
 * user-service cannot hold requests
 * @param tokenCache the cache of verified tokens (a client's next requests skip the
 * signature check)
 */
@ConfigurationProperties("pixelgram.security")
public record GatewaySecurityProperties(URI jwksUri, String issuer, String audience, Duration clockSkew,
		Duration jwksTimeout, @DefaultValue SecurityProperties.TokenCache tokenCache) {

}

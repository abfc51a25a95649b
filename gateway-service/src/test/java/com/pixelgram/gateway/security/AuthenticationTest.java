package com.pixelgram.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.gateway.support.Downstreams;
import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.Problems;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationTest extends GatewayIntegrationTest {

	@Test
	void refusesRequestWithoutTokenAndForwardsNothing() {
		String path = "/v1/posts/" + unique();
		Problems.assertProblem(client().get().uri(path).exchange(), HttpStatus.UNAUTHORIZED, "unauthorized", path)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		assertThat(Downstreams.POST.received(path)).isEmpty();
	}

	static Stream<Arguments> invalidTokens() {
		String user = newUserId();
		Instant now = Instant.now();
		return Stream.of(
				Arguments.of("expired",
						TestTokens.sign(TestTokens.claims(user)
							.issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
							.expirationTime(Date.from(now.minus(Duration.ofMinutes(1))))
							.build())),
				Arguments.of("not yet valid",
						TestTokens
							.sign(TestTokens.claims(user).notBeforeTime(Date.from(now.plusSeconds(120))).build())),
				Arguments.of("without expiry", TestTokens.sign(TestTokens.claims(user).expirationTime(null).build())),
				Arguments.of("wrong issuer", TestTokens.sign(TestTokens.claims(user).issuer("someone-else").build())),
				Arguments.of("wrong audience", TestTokens.sign(TestTokens.claims(user).audience("other-api").build())),
				Arguments.of("without subject", TestTokens.sign(TestTokens.claims(user).subject(null).build())),
				Arguments.of("alg none", TestTokens.unsigned(user)),
				Arguments.of("HS256 signed with the public key", TestTokens.hmacSignedWithPublicKey(user)),
				Arguments.of("tampered payload", TestTokens.tampered(user, newUserId())),
				Arguments.of("signed by an unknown key with the known kid", signedByStranger(user)),
				Arguments.of("not a JWT", "not-a-jwt"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidTokens")
	void refusesInvalidTokenAndForwardsNothing(String description, String token) {
		String path = "/v1/posts/" + unique();
		Problems
			.assertProblem(client().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange(),
					HttpStatus.UNAUTHORIZED, "unauthorized", path)
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE, (challenge) -> assertThat(challenge).startsWith("Bearer"));
		assertThat(Downstreams.POST.received(path)).isEmpty();
	}

	@Test
	void acceptsTokenExpiredWithinClockSkew() {
		Instant now = Instant.now();
		String token = TestTokens.sign(TestTokens.claims(newUserId())
			.issueTime(Date.from(now.minus(Duration.ofMinutes(5))))
			.expirationTime(Date.from(now.minusSeconds(10)))
			.build());
		client().get()
			.uri("/v1/posts/" + unique())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/auth/register", "/v1/auth/login", "/v1/auth/refresh", "/v1/auth/email/verify",
			"/v1/auth/email/undo", "/v1/auth/password-reset", "/v1/auth/password-reset/confirm" })
	void letsAuthEndpointsThroughWithoutToken(String path) {
		client().post().uri(path).exchange().expectStatus().isOk();
	}

	@Test
	void ignoresAnExpiredTokenSentToAPublicEndpoint() {
		Instant now = Instant.now();
		String expired = TestTokens.sign(TestTokens.claims(newUserId())
			.issueTime(Date.from(now.minus(Duration.ofHours(2))))
			.expirationTime(Date.from(now.minus(Duration.ofHours(1))))
			.build());
		client().post()
			.uri("/v1/auth/refresh")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + expired)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void requiresTokenForOtherMethodsOnAuthPaths() {
		Problems.assertProblem(client().get().uri("/v1/auth/sessions").exchange(), HttpStatus.UNAUTHORIZED,
				"unauthorized", "/v1/auth/sessions");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/auth/password", "/v1/auth/email/verification", "/v1/auth/logout" })
	void requiresTokenForTheAccountsOwnAuthEndpoints(String path) {
		Problems.assertProblem(client().post().uri(path).exchange(), HttpStatus.UNAUTHORIZED, "unauthorized", path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/jwks.json", "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/user",
			"/v3/api-docs/gateway/swagger-config" })
	void servesPublicEndpointsWithoutToken(String path) {
		client().get().uri(path).exchange().expectStatus().isOk();
	}

	@Test
	void answersProblemForMethodNotAllowedOnActuator() {
		Problems.assertProblem(client().post().uri("/actuator/health").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
				"method-not-allowed", "/actuator/health");
	}

	private static String signedByStranger(String subject) {
		try {
			ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
					TestTokens.claims(subject).build());
			jwt.sign(new ECDSASigner(stranger));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

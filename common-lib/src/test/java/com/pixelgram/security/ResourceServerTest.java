package com.pixelgram.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.testsupport.HttpReply;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server against a real JWKS endpoint: tokens signed here with an EC P-256
 * key whose public half a local HTTP server publishes.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
						+ "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration",
				"pixelgram.security.internal-callers.feed.token=" + ResourceServerTest.INTERNAL_TOKEN,
				"pixelgram.security.internal-callers.feed.paths=/internal/users",
				"pixelgram.security.internal-callers.notification.token=" + ResourceServerTest.OTHER_CALLER_TOKEN,
				"pixelgram.security.internal-callers.notification.paths=/internal/posts" })
class ResourceServerTest {

	static final String INTERNAL_TOKEN = "s3cret-between-services";

	static final String OTHER_CALLER_TOKEN = "another-services-s3cret";

	static final ECKey KEY = ecKey();

	static final HttpServer JWKS = jwksServer(new JWKSet(KEY.toPublicJWK()).toString());

	@LocalServerPort
	int port;

	RestClient http;

	@DynamicPropertySource
	static void jwksUri(DynamicPropertyRegistry registry) {
		registry.add("pixelgram.security.jwks-uri",
				() -> "http://localhost:" + JWKS.getAddress().getPort() + "/.well-known/jwks.json");
	}

	@AfterAll
	static void stopJwks() {
		JWKS.stop(0);
	}

	@BeforeEach
	void client() {
		this.http = HttpReply.client(this.port);
	}

	@Test
	void acceptsValidTokenAndTheEndpointSeesItsSubject() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.subject("42")));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("id").asLong()).isEqualTo(42L);
	}

	@Test
	void rejectsMissingTokenWithProblemAndBearerChallenge() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/v1/me"));

		JsonNode problem = reply.assertProblem(401, "unauthorized");
		assertThat(reply.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		assertThat(problem.path("instance").asString()).isEqualTo("/v1/me");
	}

	@Test
	void rejectsTokenExpiredBeyondTheClockSkewWithoutSayingWhy() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(60)))));

		reply.assertProblem(401, "unauthorized");
		assertThat(reply.body()).doesNotContainIgnoringCase("expire");
		assertThat(reply.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
	}

	@Test
	void acceptsTokenExpiredWithinTheClockSkew() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(10)))));

		assertThat(reply.status()).isEqualTo(200);
	}

	@Test
	void rejectsTokenWithoutExpiry() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.expirationTime(null)));

		reply.assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsTokenOfAnotherIssuer() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.issuer("someone-else")));

		reply.assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsTokenForAnotherAudience() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.audience("another-api")));

		reply.assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsTokenWhoseSubjectIsNotAUserId() {
		HttpReply reply = get("/v1/me", signed((claims) -> claims.subject("admin")));

		reply.assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsUnsignedToken() {
		String token = new PlainJWT(claims((claims) -> {
		})).serialize();

		get("/v1/me", token).assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsHmacTokenKeyedWithThePublicKey() throws JOSEException {
		// The algorithm confusion attack: the public key used as an HMAC secret.
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
				claims((claims) -> {
				}));
		jwt.sign(new MACSigner(KEY.toECPublicKey().getEncoded()));

		get("/v1/me", jwt.serialize()).assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsTokenWhosePayloadWasChangedAfterSigning() {
		String[] parts = signed((claims) -> claims.subject("42")).split("\\.");
		String forgedPayload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(claims((claims) -> claims.subject("43")).toString().getBytes(StandardCharsets.UTF_8));

		get("/v1/me", parts[0] + "." + forgedPayload + "." + parts[2]).assertProblem(401, "unauthorized");
	}

	@Test
	void rejectsTokenSignedByAnotherKeyWithTheSameKeyId() {
		String token = sign(ecKey(), claims((claims) -> {
		}));

		get("/v1/me", token).assertProblem(401, "unauthorized");
	}

	@Test
	void answersAuthenticatedCallerWithoutTheAuthorityWithForbiddenProblem() {
		HttpReply reply = get("/v1/admin", signed((claims) -> {
		}));

		reply.assertProblem(403, "forbidden");
		assertThat(reply.body()).doesNotContain("only for admins");
	}

	@Test
	void refusesInternalCallWithoutTheInternalToken() {
		HttpReply reply = HttpReply.of(this.http.get().uri("/internal/users"));

		reply.assertProblem(403, "forbidden");
	}

	@Test
	void refusesInternalCallWithWrongInternalToken() {
		HttpReply reply = HttpReply
			.of(this.http.get().uri("/internal/users").header(InternalTokenInterceptor.HEADER, INTERNAL_TOKEN + "x"));

		reply.assertProblem(403, "forbidden");
	}

	@Test
	void refusesAKnownCallerOnAPathOutsideItsAllowList() {
		HttpReply reply = HttpReply
			.of(this.http.get().uri("/internal/users").header(InternalTokenInterceptor.HEADER, OTHER_CALLER_TOKEN));

		reply.assertProblem(403, "forbidden");
		assertThat(reply.json().path("detail").asString()).contains("notification");
	}

	@Test
	void refusesInternalCallThatCarriesOnlyAUserToken() {
		HttpReply reply = get("/internal/users", signed((claims) -> {
		}));

		reply.assertProblem(403, "forbidden");
	}

	@Test
	void acceptsInternalCallWithTheInternalTokenSentByTheInterceptor() {
		RestClient service = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + this.port)
			.requestInterceptor(new InternalTokenInterceptor(INTERNAL_TOKEN))
			.build();

		HttpReply reply = HttpReply.of(service.get().uri("/internal/users"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("caller_is_user").asBoolean()).isFalse();
	}

	@Test
	void servesHealthWithoutTokenEvenWhenAStaleTokenIsSent() {
		HttpReply anonymous = HttpReply.of(this.http.get().uri("/actuator/health"));
		HttpReply stale = get("/actuator/health", "not-a-jwt");

		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.json().path("status").asString()).isEqualTo("UP");
		assertThat(stale.status()).isEqualTo(200);
	}

	private HttpReply get(String path, String token) {
		return HttpReply.of(this.http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
	}

	/** A token as user-service issues it, changed by the customizer. */
	private static String signed(Consumer<JWTClaimsSet.Builder> customizer) {
		return sign(KEY, claims(customizer));
	}

	private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("7")
			.issuer("pixelgram")
			.audience("pixelgram-api")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(900)));
		customizer.accept(claims);
		return claims.build();
	}

	private static String sign(ECKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new ECDSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey ecKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer jwksServer(String jwks) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

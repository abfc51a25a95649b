package com.pixelgram.notification.push;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.testsupport.MutableClock;
import com.pixelgram.testsupport.RecordedObservations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Access tokens of a service account from an OAuth token endpoint (WireMock). */
class ServiceAccountTokensTest {

	static final WireMockServer oauth = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final KeyPair KEYS = rsa();

	final RecordedObservations observations = new RecordedObservations();

	@BeforeAll
	static void start() {
		oauth.start();
		oauth.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"access_token\": \"ya29.test\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}")));
	}

	@AfterAll
	static void stop() {
		oauth.stop();
	}

	@Test
	void eachCallIsAnObservedClientRequest() {
		assertThat(tokens(new MutableClock(Instant.parse("2026-06-01T10:00:00Z"))).token()).isEqualTo("ya29.test");

		assertThat(this.observations.named("http.client.requests")).singleElement()
			.isInstanceOfSatisfying(ClientRequestObservationContext.class, (request) -> {
				assertThat(request.getCarrier().getURI().getPath()).isEqualTo("/token");
				assertThat(request.getCarrier().getMethod().name()).isEqualTo("POST");
				assertThat(request.getLowCardinalityKeyValues().stream())
					.anySatisfy((keyValue) -> assertThat(keyValue.getKey() + "=" + keyValue.getValue())
						.isEqualTo("status=200"));
			});
	}

	@Test
	void exchangesASignedAssertionForAnAccessTokenAndReusesIt() throws Exception {
		oauth.resetRequests();
		MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
		ServiceAccountTokens tokens = tokens(clock);

		assertThat(tokens.token()).isEqualTo("ya29.test");
		assertThat(tokens.token()).isEqualTo("ya29.test");

		oauth.verify(1, postRequestedFor(urlPathEqualTo("/token")));
		Map<String, String> form = form(oauth.getAllServeEvents().get(0).getRequest().getBodyAsString());
		assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
		SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
		assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) KEYS.getPublic()))).isTrue();
		assertThat(assertion.getHeader().getKeyID()).isEqualTo("key-1");
		assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("push@demo.iam.gserviceaccount.com");
		assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(oauth.baseUrl() + "/token");
		assertThat(assertion.getJWTClaimsSet().getStringClaim("scope")).isEqualTo(ServiceAccountTokens.SCOPE);
	}

	@Test
	void fetchesANewTokenBeforeTheOldOneExpiresAndAfterARefusal() {
		oauth.resetRequests();
		MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
		ServiceAccountTokens tokens = tokens(clock);
		tokens.token();

		clock.advance(Duration.ofMinutes(59).plusSeconds(1));
		tokens.token();
		tokens.invalidate();
		tokens.token();

		oauth.verify(3, postRequestedFor(urlPathEqualTo("/token")));
	}

	private ServiceAccountTokens tokens(Clock clock) {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(KEYS.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Map<String, String> key = new LinkedHashMap<>();
		key.put("type", "service_account");
		key.put("client_email", "push@demo.iam.gserviceaccount.com");
		key.put("private_key_id", "key-1");
		key.put("private_key", pem);
		key.put("token_uri", "https://oauth2.googleapis.com/token");
		return new ServiceAccountTokens(JsonMapper.builder().build().writeValueAsString(key),
				URI.create(oauth.baseUrl() + "/token"),
				PushConfiguration.restClient(RestClient.builder().observationRegistry(this.observations.registry()),
						HttpClient.newHttpClient(), Duration.ofSeconds(5)),
				clock);
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return form;
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

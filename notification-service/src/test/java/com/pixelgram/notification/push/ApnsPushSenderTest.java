package com.pixelgram.notification.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.pixelgram.testsupport.RecordedObservations;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The APNs adapter alone, against WireMock in APNs' place; waits are recorded. */
class ApnsPushSenderTest {

	static final String PATH = "/3/device/apns-token-1";

	static final WireMockServer apns = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final KeyPair KEYS = ec();

	final List<Duration> waits = new ArrayList<>();

	final RecordedObservations observations = new RecordedObservations();

	final Device device = new Device(42L, "ios", "apns-token-1");

	final PushMessage message = new PushMessage("Pixelgram", "bob started following you",
			Map.of("type", "FOLLOW", "notification_id", "9"));

	@BeforeAll
	static void start() {
		apns.start();
	}

	@AfterAll
	static void stop() {
		apns.stop();
	}

	@BeforeEach
	void reset() {
		apns.resetAll();
	}

	@Test
	void eachCallIsAnObservedClientRequest() {
		apns.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));

		assertThat(sender().send(this.device, this.message)).isEqualTo(PushSender.Outcome.SENT);

		assertThat(this.observations.named("http.client.requests")).singleElement()
			.isInstanceOfSatisfying(ClientRequestObservationContext.class, (request) -> {
				assertThat(request.getCarrier().getURI().getPath()).isEqualTo(PATH);
				assertThat(request.getCarrier().getMethod().name()).isEqualTo("POST");
				assertThat(request.getLowCardinalityKeyValues().stream())
					.anySatisfy((keyValue) -> assertThat(keyValue.getKey() + "=" + keyValue.getValue())
						.isEqualTo("status=200"));
			});
	}

	@Test
	void sendsAnAlertSignedWithTheTeamsKey() throws Exception {
		apns.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));

		assertThat(sender().send(this.device, this.message)).isEqualTo(PushSender.Outcome.SENT);

		LoggedRequest request = apns.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0);
		assertThat(request.getHeader("apns-topic")).isEqualTo("dev.pixelgram.app");
		assertThat(request.getHeader("apns-push-type")).isEqualTo("alert");
		SignedJWT jwt = SignedJWT.parse(request.getHeader("authorization").substring("bearer ".length()));
		assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) KEYS.getPublic()))).isTrue();
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("KEY123");
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("TEAM123");
		JsonNode body = JsonMapper.builder().build().readTree(request.getBodyAsString());
		assertThat(body.path("aps").path("alert").path("body").asString()).isEqualTo("bob started following you");
		assertThat(body.path("notification_id").asString()).isEqualTo("9");
	}

	@Test
	void reportsUnregisteredAndBadTokensAsInvalid() {
		apns.stubFor(post(urlPathEqualTo(PATH)).willReturn(
				aResponse().withStatus(410).withBody("{\"reason\": \"Unregistered\", \"timestamp\": 1700000000000}")));
		assertThat(sender().send(this.device, this.message)).isEqualTo(PushSender.Outcome.INVALID_TOKEN);

		apns.stubFor(post(urlPathEqualTo(PATH))
			.willReturn(aResponse().withStatus(400).withBody("{\"reason\": \"BadDeviceToken\"}")));
		assertThat(sender().send(this.device, this.message)).isEqualTo(PushSender.Outcome.INVALID_TOKEN);

		apns.stubFor(post(urlPathEqualTo(PATH))
			.willReturn(aResponse().withStatus(400).withBody("{\"reason\": \"PayloadTooLarge\"}")));
		assertThat(sender().send(this.device, this.message)).isEqualTo(PushSender.Outcome.FAILED);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void retriesAnUnavailableServiceAndRenewsAnExpiredProviderToken() {
		apns.stubFor(post(urlPathEqualTo(PATH)).inScenario("s")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withBody("{\"reason\": \"ServiceUnavailable\"}"))
			.willSetStateTo("expired"));
		apns.stubFor(post(urlPathEqualTo(PATH)).inScenario("s")
			.whenScenarioStateIs("expired")
			.willReturn(aResponse().withStatus(403).withBody("{\"reason\": \"ExpiredProviderToken\"}"))
			.willSetStateTo("ok"));
		apns.stubFor(post(urlPathEqualTo(PATH)).inScenario("s")
			.whenScenarioStateIs("ok")
			.willReturn(aResponse().withStatus(200)));

		assertThat(sender().send(this.device, this.message)).isEqualTo(PushSender.Outcome.SENT);

		apns.verify(3, postRequestedFor(urlPathEqualTo(PATH)));
		assertThat(this.waits).containsExactly(Duration.ofMillis(100));
	}

	private ApnsPushSender sender() {
		PushProperties.Apns properties = new PushProperties.Apns(true, URI.create(apns.baseUrl()), "TEAM123", "KEY123",
				null, "dev.pixelgram.app", Duration.ofMinutes(50), Duration.ofSeconds(1), Duration.ofSeconds(5));
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(KEYS.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----";
		ApnsProviderTokens tokens = new ApnsProviderTokens("TEAM123", "KEY123", pem, Duration.ofMinutes(50),
				Clock.systemUTC());
		return new ApnsPushSender(
				PushConfiguration.restClient(RestClient.builder().observationRegistry(this.observations.registry()),
						HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(),
						properties.requestTimeout()),
				properties, tokens, retry());
	}

	/**
	 * The retry as the service's YAML sets it, with shorter waits: 4 tries, 100 ms
	 * doubled, at most 5 s.
	 */
	private PushRetry retry() {
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(4)
			.intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2, Duration.ofSeconds(5)))
			.build();
		return new PushRetry(Retry.of("push", config), Duration.ofSeconds(5), this.waits::add);
	}

	private static KeyPair ec() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

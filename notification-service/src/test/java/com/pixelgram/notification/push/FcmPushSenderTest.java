package com.pixelgram.notification.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FCM adapter alone, against WireMock in FCM's place; waits are recorded, not slept.
 */
class FcmPushSenderTest {

	static final String PATH = "/v1/projects/demo/messages:send";

	static final WireMockServer fcm = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	final List<Duration> waits = new ArrayList<>();

	final RecordedObservations observations = new RecordedObservations();

	final Device device = new Device(42L, "android", "device-token-1");

	final PushMessage message = new PushMessage("Pixelgram", "alice liked your post",
			Map.of("type", "LIKE", "notification_id", "7"));

	@BeforeAll
	static void start() {
		fcm.start();
	}

	@AfterAll
	static void stop() {
		fcm.stop();
	}

	@BeforeEach
	void reset() {
		fcm.resetAll();
	}

	@Test
	void postsTheMessageWithTheAccessToken() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("{\"name\": \"m/1\"}")));

		PushSender.Outcome outcome = sender(AccessTokenSource.fixed("token-1")).send(this.device, this.message);

		assertThat(outcome).isEqualTo(PushSender.Outcome.SENT);
		fcm.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer token-1")));
		JsonNode body = JsonMapper.builder()
			.build()
			.readTree(fcm.getAllServeEvents().get(0).getRequest().getBodyAsString())
			.path("message");
		assertThat(body.path("token").asString()).isEqualTo("device-token-1");
		assertThat(body.path("notification").path("body").asString()).isEqualTo("alice liked your post");
		assertThat(body.path("data").path("notification_id").asString()).isEqualTo("7");
	}

	@Test
	void eachCallIsAnObservedClientRequest() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("{\"name\": \"m/1\"}")));

		assertThat(sender(AccessTokenSource.fixed("token-1")).send(this.device, this.message))
			.isEqualTo(PushSender.Outcome.SENT);

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
	void retriesAServerErrorWithExponentialBackoff() {
		stubSequence(503, 500, 200);

		PushSender.Outcome outcome = sender(AccessTokenSource.fixed("t")).send(this.device, this.message);

		assertThat(outcome).isEqualTo(PushSender.Outcome.SENT);
		fcm.verify(3, postRequestedFor(urlPathEqualTo(PATH)));
		assertThat(this.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
	}

	@Test
	void honoursRetryAfterOnTooManyRequestsUpToTheMaximumWait() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).inScenario("s")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3"))
			.willSetStateTo("1"));
		fcm.stubFor(post(urlPathEqualTo(PATH)).inScenario("s")
			.whenScenarioStateIs("1")
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600"))
			.willSetStateTo("2"));
		fcm.stubFor(post(urlPathEqualTo(PATH)).inScenario("s")
			.whenScenarioStateIs("2")
			.willReturn(aResponse().withStatus(200)));

		PushSender.Outcome outcome = sender(AccessTokenSource.fixed("t")).send(this.device, this.message);

		assertThat(outcome).isEqualTo(PushSender.Outcome.SENT);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(5));
	}

	@Test
	void givesUpAfterTheLastAttempt() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));

		PushSender.Outcome outcome = sender(AccessTokenSource.fixed("t")).send(this.device, this.message);

		assertThat(outcome).isEqualTo(PushSender.Outcome.FAILED);
		fcm.verify(4, postRequestedFor(urlPathEqualTo(PATH)));
		assertThat(this.waits).hasSize(3);
	}

	@Test
	void reportsAnUnregisteredTokenWithoutRetrying() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(404).withBody("""
				{"error": {"code": 404, "status": "NOT_FOUND", "message": "Requested entity was not found.",
				  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
				               "errorCode": "UNREGISTERED"}]}}
				""")));

		assertThat(sender(AccessTokenSource.fixed("t")).send(this.device, this.message))
			.isEqualTo(PushSender.Outcome.INVALID_TOKEN);
		fcm.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
	}

	@Test
	void reportsAMalformedRegistrationTokenAsInvalid() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody("""
				{"error": {"code": 400, "status": "INVALID_ARGUMENT",
				  "message": "The registration token is not a valid FCM registration token",
				  "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
				               "errorCode": "INVALID_ARGUMENT"}]}}
				""")));

		assertThat(sender(AccessTokenSource.fixed("t")).send(this.device, this.message))
			.isEqualTo(PushSender.Outcome.INVALID_TOKEN);
	}

	@Test
	void keepsTheTokenWhenTheInvalidArgumentIsAboutSomethingElse() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody("""
				{"error": {"code": 400, "status": "INVALID_ARGUMENT",
				  "message": "Invalid value at 'message.data[0].value'",
				  "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
				               "fieldViolations": [{"field": "message.data[0].value"}]}]}}
				""")));

		assertThat(sender(AccessTokenSource.fixed("t")).send(this.device, this.message))
			.isEqualTo(PushSender.Outcome.FAILED);
		fcm.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
	}

	@Test
	void fetchesAFreshAccessTokenOnceWhenFcmRefusesTheCurrentOne() {
		fcm.stubFor(post(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer stale"))
			.willReturn(aResponse().withStatus(401)));
		fcm.stubFor(post(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer fresh"))
			.willReturn(aResponse().withStatus(200)));
		AtomicInteger invalidated = new AtomicInteger();
		AccessTokenSource tokens = new AccessTokenSource() {
			@Override
			public String token() {
				return (invalidated.get() == 0) ? "stale" : "fresh";
			}

			@Override
			public void invalidate() {
				invalidated.incrementAndGet();
			}
		};

		assertThat(sender(tokens).send(this.device, this.message)).isEqualTo(PushSender.Outcome.SENT);
		assertThat(invalidated).hasValue(1);
	}

	private void stubSequence(int... statuses) {
		String state = Scenario.STARTED;
		for (int i = 0; i < statuses.length; i++) {
			String next = "step-" + (i + 1);
			fcm.stubFor(post(urlPathEqualTo(PATH)).inScenario("sequence")
				.whenScenarioStateIs(state)
				.willReturn(aResponse().withStatus(statuses[i]))
				.willSetStateTo(next));
			state = next;
		}
	}

	private FcmPushSender sender(AccessTokenSource tokens) {
		PushProperties.Fcm properties = new PushProperties.Fcm(URI.create(fcm.baseUrl()), "demo", null, null, null,
				Duration.ofSeconds(1), Duration.ofSeconds(5));
		return new FcmPushSender(
				PushConfiguration.restClient(RestClient.builder().observationRegistry(this.observations.registry()),
						HttpClient.newHttpClient(), properties.requestTimeout()),
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

}

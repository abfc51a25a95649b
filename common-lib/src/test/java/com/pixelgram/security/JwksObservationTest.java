package com.pixelgram.security;

import java.net.URI;

import com.pixelgram.testsupport.RecordedObservations;
import com.pixelgram.testsupport.TestJwks;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder's fetches of the JWKS go through the application's
 * {@link ObservationRegistry}: each one is an {@code http.client.requests} observation (a
 * timer, and a span carrying the caller's trace).
 */
class JwksObservationTest {

	static final TestJwks jwks = TestJwks.start();

	@AfterAll
	static void stop() {
		jwks.close();
	}

	@Test
	void fetchingTheKeysIsAnObservedClientRequest() {
		RecordedObservations observations = new RecordedObservations();
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResourceServerAutoConfiguration.class))
			.withBean(ObservationRegistry.class, observations::registry)
			.withPropertyValues("pixelgram.security.jwks-uri=" + jwks.jwksUri())
			.run((context) -> {
				Jwt jwt = context.getBean(JwtDecoder.class).decode(jwks.token(42));

				assertThat(jwt.getSubject()).isEqualTo("42");
				assertThat(observations.named("http.client.requests")).singleElement()
					.isInstanceOfSatisfying(ClientRequestObservationContext.class, (request) -> {
						assertThat(request.getCarrier().getURI()).isEqualTo(URI.create(jwks.jwksUri()));
						assertThat(request.getCarrier().getMethod().name()).isEqualTo("GET");
						assertThat(request.getResponse()).isNotNull();
						assertThat(request.getLowCardinalityKeyValues().stream())
							.anySatisfy((keyValue) -> assertThat(keyValue.getKey() + "=" + keyValue.getValue())
								.isEqualTo("status=200"));
					});
			});
	}

}

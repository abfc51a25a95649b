package com.pixelgram.gateway.security;

import java.net.URI;
import java.time.Duration;

import com.pixelgram.security.SecurityProperties;
import com.pixelgram.testsupport.RecordedObservations;
import com.pixelgram.testsupport.TestJwks;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's fetches of user-service's JWKS go through the application's
 * {@link ObservationRegistry}: each one is an {@code http.client.requests} observation (a
 * timer, and a span with its traceparent).
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
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("observationRegistry", observations.registry());
		ObjectProvider<ObservationRegistry> registry = beans.getBeanProvider(ObservationRegistry.class);
		GatewaySecurityProperties properties = new GatewaySecurityProperties(URI.create(jwks.jwksUri()), "pixelgram",
				"pixelgram-api", Duration.ofSeconds(30), Duration.ofSeconds(5),
				new SecurityProperties.TokenCache(0, Duration.ofMinutes(15)));

		Jwt jwt = new SecurityConfiguration().jwtDecoder(properties, registry)
			.decode(jwks.token(42))
			.block(Duration.ofSeconds(10));

		assertThat(jwt.getSubject()).isEqualTo("42");
		// stopped on the response's signal, which may come after the decoder's
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(observations.named("http.client.requests")).singleElement()
				.isInstanceOfSatisfying(ClientRequestObservationContext.class, (request) -> {
					assertThat(request.getRequest().url()).isEqualTo(URI.create(jwks.jwksUri()));
					assertThat(request.getResponse()).isNotNull();
					assertThat(request.getLowCardinalityKeyValues().stream())
						.anySatisfy((keyValue) -> assertThat(keyValue.getKey() + "=" + keyValue.getValue())
							.isEqualTo("status=200"));
				}));
	}

}

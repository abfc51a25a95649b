package com.pixelgram.outbox;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** How the outbox and the listeners join the application's tracing, or do without. */
class OutboxTracingConfigurationTest {

	private final ApplicationContextRunner traceContext = new ApplicationContextRunner().withUserConfiguration(
			OutboxAutoConfiguration.TransactionalOutboxConfiguration.TraceContextConfiguration.class);

	private final ApplicationContextRunner listeners = new ApplicationContextRunner()
		.withUserConfiguration(OutboxAutoConfiguration.ListenerObservationConfiguration.class, Listeners.class);

	@Test
	void eventsCarryNoTraceContextWhenTheApplicationHasNoTracer() {
		this.traceContext.run(
				(context) -> assertThat(context).getBean(TraceContextCapture.class).isSameAs(TraceContextCapture.NONE));
	}

	@Test
	void needsNoMicrometerTracingOnTheClasspath() {
		this.traceContext.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TraceContextCapture.class));
	}

	@Test
	void listenersAreObservedUnlessConfiguredOtherwise() {
		this.listeners.run((context) -> assertThat(observationRegistryOfAContainer(context.getBean(Listeners.class)))
			.isSameAs(context.getBean(ObservationRegistry.class)));
	}

	@Test
	void listenerObservationCanBeTurnedOff() {
		this.listeners.withPropertyValues("spring.cloud.aws.sqs.observation-enabled=false")
			.run((context) -> assertThat(observationRegistryOfAContainer(context.getBean(Listeners.class)))
				.isNotSameAs(context.getBean(ObservationRegistry.class)));
	}

	private static ObservationRegistry observationRegistryOfAContainer(Listeners listeners) {
		return listeners.factory.createContainer("any-queue").getContainerOptions().getObservationRegistry();
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final SqsMessageListenerContainerFactory<Object> factory = new SqsMessageListenerContainerFactory<>();

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

		@Bean
		SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory() {
			this.factory.setSqsAsyncClient(mock(SqsAsyncClient.class));
			return this.factory;
		}

	}

}

package com.pixelgram.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One mechanism for the services' circuit breakers, retries and bulkheads: Resilience4j
 * registries whose instances take their settings from {@link ResilienceProperties}
 * ({@code pixelgram.resilience.*} in the service's YAML), with their metrics bound to
 * Micrometer ({@code resilience4j.circuitbreaker.*}, {@code resilience4j.retry.*},
 * {@code resilience4j.bulkhead.*}, tagged with the instance's name) and every state
 * change of a breaker logged. Each part is there when the service brings its Resilience4j
 * module.
 */
@AutoConfiguration
@EnableConfigurationProperties(ResilienceProperties.class)
public class ResilienceAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ResilienceAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CircuitBreaker.class)
	static class CircuitBreakers {

		/**
		 * The registry, holding a breaker for every name the properties list; a breaker
		 * asked for by another name gets the defaults.
		 */
		@Bean
		@ConditionalOnMissingBean
		CircuitBreakerRegistry circuitBreakerRegistry(ResilienceProperties properties) {
			CircuitBreakerRegistry registry = CircuitBreakerRegistry
				.of(config(ResilienceProperties.CircuitBreakerSettings.DEFAULTS));
			registry.getEventPublisher()
				.onEntryAdded((added) -> added.getAddedEntry()
					.getEventPublisher()
					.onStateTransition(CircuitBreakers::logTransition));
			properties.circuitBreakers().forEach((name, settings) -> registry.circuitBreaker(name, config(settings)));
			return registry;
		}

		private static void logTransition(CircuitBreakerOnStateTransitionEvent event) {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				log.warn("Circuit breaker {}: {}", event.getCircuitBreakerName(), event.getStateTransition());
			}
			else {
				log.info("Circuit breaker {}: {}", event.getCircuitBreakerName(), event.getStateTransition());
			}
		}

		static CircuitBreakerConfig config(ResilienceProperties.CircuitBreakerSettings settings) {
			return CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.failureRateThreshold(settings.failureRateThreshold())
				.slidingWindowSize(settings.slidingWindowSize())
				.minimumNumberOfCalls(settings.minimumNumberOfCalls())
				.waitDurationInOpenState(settings.waitDurationInOpenState())
				.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
				.ignoreExceptions(ignored(settings))
				.build();
		}

		@SuppressWarnings("unchecked")
		private static Class<? extends Throwable>[] ignored(ResilienceProperties.CircuitBreakerSettings settings) {
			return settings.ignoreExceptions().toArray(new Class[0]);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
		static class Metrics {

			@Bean
			MeterBinder circuitBreakerMetrics(CircuitBreakerRegistry registry) {
				return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Retry.class)
	static class Retries {

		/**
		 * The registry, holding a retry for every name the properties list; a retry asked
		 * for by another name gets the defaults.
		 */
		@Bean
		@ConditionalOnMissingBean
		RetryRegistry retryRegistry(ResilienceProperties properties) {
			RetryRegistry registry = RetryRegistry.of(config(ResilienceProperties.RetrySettings.DEFAULTS));
			properties.retries().forEach((name, settings) -> registry.retry(name, config(settings)));
			return registry;
		}

		static RetryConfig config(ResilienceProperties.RetrySettings settings) {
			return RetryConfig.custom()
				.maxAttempts(settings.maxAttempts())
				.intervalFunction(IntervalFunction.ofExponentialBackoff(settings.waitDuration(), settings.multiplier(),
						settings.maxWaitDuration()))
				.build();
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(TaggedRetryMetrics.class)
		static class Metrics {

			@Bean
			MeterBinder retryMetrics(RetryRegistry registry) {
				return TaggedRetryMetrics.ofRetryRegistry(registry);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Bulkhead.class)
	static class Bulkheads {

		/**
		 * The registry, holding a bulkhead for every name the properties list; a bulkhead
		 * asked for by another name gets the defaults.
		 */
		@Bean
		@ConditionalOnMissingBean
		BulkheadRegistry bulkheadRegistry(ResilienceProperties properties) {
			BulkheadRegistry registry = BulkheadRegistry.of(config(ResilienceProperties.BulkheadSettings.DEFAULTS));
			properties.bulkheads().forEach((name, settings) -> registry.bulkhead(name, config(settings)));
			return registry;
		}

		static BulkheadConfig config(ResilienceProperties.BulkheadSettings settings) {
			return BulkheadConfig.custom()
				.maxConcurrentCalls(settings.maxConcurrentCalls())
				.maxWaitDuration(settings.maxWaitDuration())
				.build();
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(TaggedBulkheadMetrics.class)
		static class Metrics {

			@Bean
			MeterBinder bulkheadMetrics(BulkheadRegistry registry) {
				return TaggedBulkheadMetrics.ofBulkheadRegistry(registry);
			}

		}

	}

}

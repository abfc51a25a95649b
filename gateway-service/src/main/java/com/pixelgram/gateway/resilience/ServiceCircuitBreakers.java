package com.pixelgram.gateway.resilience;

import com.pixelgram.gateway.problem.ProblemException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per downstream service, shared by all of its routes.
 * Failures are connection errors and timeouts; refusals the gateway decided on itself
 * (413 while streaming) are not the service's fault and are ignored.
 */
@Component
public class ServiceCircuitBreakers {

	private final CircuitBreakerRegistry registry;

	ServiceCircuitBreakers(CircuitBreakerProperties properties, MeterRegistry meterRegistry) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.failureRateThreshold())
			.slidingWindowSize(properties.slidingWindowSize())
			.minimumNumberOfCalls(properties.minimumNumberOfCalls())
			.waitDurationInOpenState(properties.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpenState())
			.ignoreExceptions(ProblemException.class)
			.build();
		this.registry = CircuitBreakerRegistry.of(config);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.registry).bindTo(meterRegistry);
	}

	/** A route filter that runs the rest of the exchange inside the service's breaker. */
	public GatewayFilter forService(String service) {
		CircuitBreaker breaker = this.registry.circuitBreaker(service);
		return (exchange, chain) -> chain.filter(exchange).transformDeferred(CircuitBreakerOperator.of(breaker));
	}

	public CircuitBreaker breaker(String service) {
		return this.registry.circuitBreaker(service);
	}

}

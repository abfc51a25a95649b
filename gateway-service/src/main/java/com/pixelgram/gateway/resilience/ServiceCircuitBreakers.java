package com.pixelgram.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per downstream service, shared by all of its routes,
 * from the registry every service uses
 * ({@code pixelgram.resilience.circuit-breakers.<service>} in the YAML, with its
 * metrics). Failures are connection errors and timeouts; refusals the gateway decided on
 * itself (413 while streaming) are not the service's fault and are ignored
 * ({@code ignore-exceptions}).
 */
@Component
public class ServiceCircuitBreakers {

	private final CircuitBreakerRegistry registry;

	ServiceCircuitBreakers(CircuitBreakerRegistry registry) {
		this.registry = registry;
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

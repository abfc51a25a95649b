package com.pixelgram.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A service's circuit breakers, retries and bulkheads, by name:
 * {@code pixelgram.resilience.circuit-breakers.<name>.*},
 * {@code pixelgram.resilience.retries.<name>.*} and
 * {@code pixelgram.resilience.bulkheads.<name>.*}. A name that is not listed gets the
 * defaults, and a listed one sets only what differs from them; the defaults are stated
 * here alone, in the records' constructors, so that a name the YAML leaves out still has
 * them.
 *
 * @param circuitBreakers the breakers' settings by name
 * @param retries the retries' settings by name
 * @param bulkheads the bulkheads' settings by name
 */
@ConfigurationProperties("pixelgram.resilience")
public record ResilienceProperties(Map<String, CircuitBreakerSettings> circuitBreakers,
		Map<String, RetrySettings> retries, Map<String, BulkheadSettings> bulkheads) {

	public ResilienceProperties {
		circuitBreakers = (circuitBreakers != null) ? Map.copyOf(circuitBreakers) : Map.of();
		retries = (retries != null) ? Map.copyOf(retries) : Map.of();
		bulkheads = (bulkheads != null) ? Map.copyOf(bulkheads) : Map.of();
	}

	/** The breaker's settings, the defaults when it is not listed. */
	public CircuitBreakerSettings circuitBreaker(String name) {
		return this.circuitBreakers.getOrDefault(name, CircuitBreakerSettings.DEFAULTS);
	}

	/** The retry's settings, the defaults when it is not listed. */
	public RetrySettings retry(String name) {
		return this.retries.getOrDefault(name, RetrySettings.DEFAULTS);
	}

	/**
	 * A count-based circuit breaker. A failure is whatever the caller reports as one (a
	 * timeout, a refused connection).
	 *
	 * @param failureRateThreshold percentage of failed calls in the window that opens the
	 * breaker; 50
	 * @param slidingWindowSize the last calls whose outcome counts; 10
	 * @param minimumNumberOfCalls calls in the window before the breaker may open; 4
	 * @param waitDurationInOpenState how long calls are not tried once it opened; 5s
	 * @param permittedCallsInHalfOpenState trial calls after that wait, whose outcome
	 * closes the breaker or opens it again; 2
	 * @param ignoreExceptions failures that are not the callee's fault (a refusal the
	 * caller made itself), counted neither as failures nor as successes; none
	 */
	public record CircuitBreakerSettings(Float failureRateThreshold, Integer slidingWindowSize,
			Integer minimumNumberOfCalls, Duration waitDurationInOpenState, Integer permittedCallsInHalfOpenState,
			List<Class<? extends Throwable>> ignoreExceptions) {

		static final CircuitBreakerSettings DEFAULTS = new CircuitBreakerSettings(null, null, null, null, null, null);

		public CircuitBreakerSettings {
			failureRateThreshold = (failureRateThreshold != null) ? failureRateThreshold : 50f;
			slidingWindowSize = (slidingWindowSize != null) ? slidingWindowSize : 10;
			minimumNumberOfCalls = (minimumNumberOfCalls != null) ? minimumNumberOfCalls : 4;
			waitDurationInOpenState = (waitDurationInOpenState != null) ? waitDurationInOpenState
					: Duration.ofSeconds(5);
			permittedCallsInHalfOpenState = (permittedCallsInHalfOpenState != null) ? permittedCallsInHalfOpenState : 2;
			ignoreExceptions = (ignoreExceptions != null) ? List.copyOf(ignoreExceptions) : List.of();
		}

	}

	/**
	 * Tries of one call with exponential waits between them:
	 * {@code wait-duration · multiplier^(try-1)}, at most {@code max-wait-duration}.
	 *
	 * @param maxAttempts tries in all, the first one included; 3
	 * @param waitDuration wait before the second try; 500ms
	 * @param multiplier factor of each next wait; 2
	 * @param maxWaitDuration the longest wait; 30s
	 */
	public record RetrySettings(Integer maxAttempts, Duration waitDuration, Double multiplier,
			Duration maxWaitDuration) {

		static final RetrySettings DEFAULTS = new RetrySettings(null, null, null, null);

		public RetrySettings {
			maxAttempts = (maxAttempts != null) ? maxAttempts : 3;
			waitDuration = (waitDuration != null) ? waitDuration : Duration.ofMillis(500);
			multiplier = (multiplier != null) ? multiplier : 2.0;
			maxWaitDuration = (maxWaitDuration != null) ? maxWaitDuration : Duration.ofSeconds(30);
		}

	}

	/**
	 * A bound on calls at once: one more is refused (the caller sheds it) or waits.
	 *
	 * @param maxConcurrentCalls calls at once; 25
	 * @param maxWaitDuration how long a call over the bound waits for a turn; 0 (refused
	 * at once)
	 */
	public record BulkheadSettings(Integer maxConcurrentCalls, Duration maxWaitDuration) {

		static final BulkheadSettings DEFAULTS = new BulkheadSettings(null, null);

		public BulkheadSettings {
			maxConcurrentCalls = (maxConcurrentCalls != null) ? maxConcurrentCalls : 25;
			maxWaitDuration = (maxWaitDuration != null) ? maxWaitDuration : Duration.ZERO;
		}

	}

}

package com.pixelgram.gateway.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The circuit breaker every downstream service gets: when enough of the recent calls
 * failed to connect or timed out, calls fail fast with 503 for a while instead of
 * waiting.
 *
 * @param failureRateThreshold percentage of failed calls that opens the breaker
 * @param slidingWindowSize number of recent calls considered
 * @param minimumNumberOfCalls calls needed before the rate is judged
 * @param waitDurationInOpenState how long calls fail fast before trying again
 * @param permittedCallsInHalfOpenState trial calls after that wait
 */
@ConfigurationProperties("pixelgram.gateway.circuit-breaker")
public record CircuitBreakerProperties(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
		Duration waitDurationInOpenState, int permittedCallsInHalfOpenState) {

}

package com.pixelgram.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

	@Test
	void givesAListedBreakerItsSettingsAndTheDefaultsForTheRest() {
		this.runner
			.withPropertyValues("pixelgram.resilience.circuit-breakers.db.wait-duration-in-open-state=2s",
					"pixelgram.resilience.circuit-breakers.db.minimum-number-of-calls=1")
			.run((context) -> {
				CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
				CircuitBreakerConfig listed = registry.circuitBreaker("db").getCircuitBreakerConfig();
				CircuitBreakerConfig other = registry.circuitBreaker("other").getCircuitBreakerConfig();

				assertThat(listed.getMinimumNumberOfCalls()).isEqualTo(1);
				assertThat(listed.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(2_000L);
				assertThat(listed.getSlidingWindowSize()).as("a default").isEqualTo(10);
				assertThat(other.getMinimumNumberOfCalls()).isEqualTo(4);
				assertThat(other.getFailureRateThreshold()).isEqualTo(50f);
				assertThat(other.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
				assertThat(other.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(5_000L);
			});
	}

	@Test
	void aListedBreakerCountsNeitherWayTheFailuresItIgnores() {
		this.runner
			.withPropertyValues("pixelgram.resilience.circuit-breakers.downstream.minimum-number-of-calls=2",
					"pixelgram.resilience.circuit-breakers.downstream.sliding-window-size=2",
					"pixelgram.resilience.circuit-breakers.downstream.ignore-exceptions="
							+ IllegalArgumentException.class.getName())
			.run((context) -> {
				CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("downstream");

				for (int i = 0; i < 5; i++) {
					breaker.onError(0, TimeUnit.MILLISECONDS, new IllegalArgumentException("refused by the caller"));
				}
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
				breaker.onError(0, TimeUnit.MILLISECONDS, new IllegalStateException("timed out"));
				breaker.onError(0, TimeUnit.MILLISECONDS, new IllegalStateException("timed out"));
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			});
	}

	@Test
	void givesAListedRetryItsExponentialWaits() {
		this.runner
			.withPropertyValues("pixelgram.resilience.retries.push.max-attempts=4",
					"pixelgram.resilience.retries.push.wait-duration=100ms",
					"pixelgram.resilience.retries.push.max-wait-duration=300ms")
			.run((context) -> {
				RetryConfig push = context.getBean(RetryRegistry.class).retry("push").getRetryConfig();
				RetryConfig other = context.getBean(RetryRegistry.class).retry("other").getRetryConfig();

				assertThat(push.getMaxAttempts()).isEqualTo(4);
				assertThat(push.getIntervalBiFunction().apply(1, null)).isEqualTo(100L);
				assertThat(push.getIntervalBiFunction().apply(2, null)).isEqualTo(200L);
				assertThat(push.getIntervalBiFunction().apply(3, null)).isEqualTo(300L);
				assertThat(other.getMaxAttempts()).isEqualTo(3);
				assertThat(other.getIntervalBiFunction().apply(2, null)).isEqualTo(Duration.ofSeconds(1).toMillis());
			});
	}

	@Test
	void givesAListedBulkheadItsBoundAndOthersTheDefaults() {
		this.runner.withPropertyValues("pixelgram.resilience.bulkheads.pull.max-concurrent-calls=8").run((context) -> {
			BulkheadRegistry registry = context.getBean(BulkheadRegistry.class);
			BulkheadConfig pull = registry.bulkhead("pull").getBulkheadConfig();
			BulkheadConfig other = registry.bulkhead("other").getBulkheadConfig();

			assertThat(pull.getMaxConcurrentCalls()).isEqualTo(8);
			assertThat(pull.getMaxWaitDuration()).as("refused at once").isEqualTo(Duration.ZERO);
			assertThat(other.getMaxConcurrentCalls()).isEqualTo(25);
			for (int i = 0; i < 8; i++) {
				assertThat(registry.bulkhead("pull").tryAcquirePermission()).isTrue();
			}
			assertThat(registry.bulkhead("pull").tryAcquirePermission()).as("the ninth").isFalse();
		});
	}

	@Test
	void bindsTheMetricsOfEveryBreakerRetryAndBulkhead() {
		this.runner.withPropertyValues("pixelgram.resilience.circuit-breakers.db.minimum-number-of-calls=1")
			.run((context) -> {
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
				context.getBean(CircuitBreakerRegistry.class).circuitBreaker("later");
				context.getBean(RetryRegistry.class).retry("push");
				context.getBean(BulkheadRegistry.class).bulkhead("pull");

				assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "db").gauges()).isNotEmpty();
				assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "later").gauges()).isNotEmpty();
				assertThat(meters.get("resilience4j.retry.calls").tag("name", "push").functionCounters()).isNotEmpty();
				assertThat(meters.get("resilience4j.bulkhead.available.concurrent.calls").tag("name", "pull").gauges())
					.isNotEmpty();
			});
	}

}

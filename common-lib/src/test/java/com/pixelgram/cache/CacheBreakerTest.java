package com.pixelgram.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class CacheBreakerTest {

	private final CircuitBreaker breaker = CircuitBreaker.of("cache",
			CircuitBreakerConfig.custom()
				.slidingWindowSize(10)
				.minimumNumberOfCalls(4)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofMinutes(1))
				.build());

	private final CacheBreaker cache = new CacheBreaker(this.breaker, "Test cache");

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void answersNullForAFailureAndOpensAfterEnoughTimeouts() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.cache.<String>call("read", this::timeOut)).isNull();
		}

		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.cache.<String>call("read", this::timeOut)).isNull();
		assertThat(this.calls).as("not tried while open").hasValue(4);
	}

	@Test
	void opensAtOnceWhenRedisRefusesTheConnection() {
		assertThat(this.cache.<String>call("read", () -> {
			throw new RedisConnectionFailureException("refused");
		})).isNull();

		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void runsEvictionsEvenWhileOpen() {
		this.breaker.transitionToOpenState();

		this.cache.always("evict", this.calls::incrementAndGet);

		assertThat(this.calls).hasValue(1);
	}

	@Test
	void answersWhatRedisAnswers() {
		assertThat(this.cache.call("read", () -> "cached")).isEqualTo("cached");
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
	}

	private String timeOut() {
		this.calls.incrementAndGet();
		throw new QueryTimeoutException("Redis command timed out");
	}

}

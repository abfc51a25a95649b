package com.pixelgram.cache;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * The Redis calls of a cache that a database backs, through a circuit breaker: a failed
 * call answers "not cached" and the caller reads the database. A Redis that hangs costs
 * one command timeout per call until the breaker has seen enough of them to open; a Redis
 * that refuses the connection opens it at once, as there is nothing to wait for. While it
 * is open the cache is skipped, and after its wait a few trial calls close it again once
 * Redis answers.
 */
public final class CacheBreaker {

	private static final Logger log = LoggerFactory.getLogger(CacheBreaker.class);

	private final CircuitBreaker breaker;

	private final String cache;

	/**
	 * @param breaker the breaker of the cache's Redis
	 * @param cache what the logs call the cache ("Post cache")
	 */
	public CacheBreaker(CircuitBreaker breaker, String cache) {
		this.breaker = breaker;
		this.cache = cache;
	}

	/** The call's result, or {@code null} when it failed or the breaker is open. */
	public <T> T call(String operation, Supplier<T> call) {
		if (!this.breaker.tryAcquirePermission()) {
			return null;
		}
		long started = System.nanoTime();
		try {
			T result = call.get();
			this.breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (RuntimeException ex) {
			failed(operation, ex, System.nanoTime() - started);
			return null;
		}
	}

	/**
	 * Runs the call even while the breaker is open (evictions: a stale entry would
	 * outlive the outage, a wasted call does not); a failure is counted all the same.
	 */
	public void always(String operation, Runnable call) {
		long started = System.nanoTime();
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			failed(operation, ex, System.nanoTime() - started);
		}
	}

	private void failed(String operation, RuntimeException ex, long nanos) {
		CircuitBreaker.State before = this.breaker.getState();
		this.breaker.onError(nanos, TimeUnit.NANOSECONDS, ex);
		if (before != CircuitBreaker.State.OPEN) {
			log.warn("{} {} failed, going without the cache: {}", this.cache, operation, ex.toString());
			if (refused(ex) && this.breaker.getState() != CircuitBreaker.State.OPEN) {
				this.breaker.transitionToOpenState();
			}
		}
	}

	/** Whether Redis could not be reached at all, rather than answered too late. */
	private static boolean refused(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof RedisConnectionFailureException) {
				return true;
			}
		}
		return false;
	}

	/** The breaker, for its state and metrics. */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

}

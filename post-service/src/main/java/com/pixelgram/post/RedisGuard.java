package com.pixelgram.post;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Redis calls of a cache that Postgres backs: a failure answers "not cached", and
 * Redis is then left alone for a back-off so that an outage costs one timeout, not one
 * per request.
 */
public final class RedisGuard {

	private static final Logger log = LoggerFactory.getLogger(RedisGuard.class);

	private final String name;

	private final Duration backoff;

	private final Clock clock;

	private volatile Instant bypassUntil = Instant.MIN;

	public RedisGuard(String name, Duration backoff, Clock clock) {
		this.name = name;
		this.backoff = backoff;
		this.clock = clock;
	}

	/** The call's result, or {@code null} when Redis failed or is being bypassed. */
	public <T> T call(String operation, Supplier<T> call) {
		if (this.clock.instant().isBefore(this.bypassUntil)) {
			return null;
		}
		return always(operation, call);
	}

	/**
	 * Runs the call even during a back-off (evictions: a stale entry would outlive the
	 * outage, a wasted call does not).
	 */
	public <T> T always(String operation, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			this.bypassUntil = this.clock.instant().plus(this.backoff);
			log.warn("{} {} failed, serving from the source for {}: {}", this.name, operation, this.backoff,
					ex.toString());
			return null;
		}
	}

}

package com.pixelgram.notification.clients;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal breaker: after a failed call the service is left alone for a while, so that a
 * service that is down costs one timeout per back-off period instead of one per request.
 */
final class ServiceGuard {

	private static final Logger log = LoggerFactory.getLogger(ServiceGuard.class);

	private final String service;

	private final long backoffNanos;

	private volatile long openUntil;

	private volatile boolean open;

	ServiceGuard(String service, Duration backoff) {
		this.service = service;
		this.backoffNanos = backoff.toNanos();
	}

	boolean available() {
		return !this.open || System.nanoTime() - this.openUntil >= 0;
	}

	void succeeded() {
		this.open = false;
	}

	void failed(String what, RuntimeException ex) {
		if (!this.open) {
			log.warn("{} {} failed ({}); not asked again for {} ms", this.service, what, ex.getMessage(),
					Duration.ofNanos(this.backoffNanos).toMillis());
		}
		this.openUntil = System.nanoTime() + this.backoffNanos;
		this.open = true;
	}

	ServiceCallException unavailable(String what) {
		return new ServiceCallException(this.service, what, "backing off after a recent failure");
	}

}

package com.pixelgram.notification.clients;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A minimal breaker: after a failed call the service is left alone for a while, so that a
 * service that is down costs one timeout per back-off period instead of one per request.
 */
final class ServiceGuard {

	private static final Log logger = LogFactory.getLog(ServiceGuard.class);

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
			logger.warn(this.service + " " + what + " failed (" + ex.getMessage() + "); not asked again for "
					+ Duration.ofNanos(this.backoffNanos).toMillis() + " ms");
		}
		this.openUntil = System.nanoTime() + this.backoffNanos;
		this.open = true;
	}

	ServiceCallException unavailable(String what) {
		return new ServiceCallException(this.service, what, "backing off after a recent failure");
	}

}

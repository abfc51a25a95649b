package com.pixelgram.notification.events;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a message that takes long to handle (the fanout of an author with many followers)
 * hidden from other consumers: once a third of the visibility timeout has passed, the
 * next beat extends it by a whole timeout. Without it the message would come back while
 * still being handled, and be handled twice at once.
 */
final class VisibilityHeartbeat implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);

	private final Visibility visibility;

	private final int timeoutSeconds;

	private final long intervalNanos;

	private long lastExtension = System.nanoTime();

	VisibilityHeartbeat(Visibility visibility, Duration timeout) {
		this.visibility = visibility;
		this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
		this.intervalNanos = timeout.toNanos() / 3;
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		if (now - this.lastExtension < this.intervalNanos) {
			return;
		}
		this.lastExtension = now;
		try {
			this.visibility.changeTo(this.timeoutSeconds);
		}
		catch (RuntimeException ex) {
			// At worst the message comes back early and is handled again, idempotently.
			log.warn("Could not extend the visibility of a message: {}", ex.getMessage());
		}
	}

}

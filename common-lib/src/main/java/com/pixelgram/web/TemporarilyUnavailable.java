package com.pixelgram.web;

import java.time.Duration;

/**
 * A failure that leaves the service unable to serve this one request for a moment, such
 * as the database of its shard being down: the client gets a 503
 * {@link ProblemType#SERVICE_UNAVAILABLE} problem with {@code Retry-After}, and the log
 * no stack trace per request (whatever found the outage has logged it once).
 */
public interface TemporarilyUnavailable {

	/** When a retry may succeed. */
	Duration retryAfter();

}

package com.pixelgram.feed.clients;

/**
 * A call to another service failed: refused, timed out or answered with an error. The
 * caller decides whether to degrade (a read) or to retry later (an event).
 */
public class ServiceCallException extends RuntimeException {

	ServiceCallException(String service, String what, Throwable cause) {
		super(service + " " + what + " failed: " + cause.getMessage(), cause);
	}

}

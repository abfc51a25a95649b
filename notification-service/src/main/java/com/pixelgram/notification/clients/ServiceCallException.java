package com.pixelgram.notification.clients;

/**
 * A call to another service failed or was not attempted because the service failed
 * recently. Reads degrade; an event handler lets it propagate, so that the event is
 * retried.
 */
public class ServiceCallException extends RuntimeException {

	ServiceCallException(String service, String what, Throwable cause) {
		super(service + " " + what + " failed: " + cause.getMessage(), cause);
	}

	ServiceCallException(String service, String what, String reason) {
		super(service + " " + what + " not called: " + reason);
	}

}

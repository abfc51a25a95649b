package com.pixelgram.notification.clients;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.web.client.RestClientException;

/**
 * A call to another service failed or was not attempted because the service's circuit
 * breaker is open: it failed recently. Reads degrade; an event handler lets it propagate,
 * so that the event is retried.
 */
public class ServiceCallException extends RuntimeException {

	ServiceCallException(String service, String what, Throwable cause) {
		super(service + " " + what + " failed: " + cause.getMessage(), cause);
	}

	ServiceCallException(String service, String what, String reason) {
		super(service + " " + what + " not called: " + reason);
	}

	/**
	 * Runs a call to the service through its breaker, which counts the call's
	 * {@link RestClientException}.
	 * @throws ServiceCallException when the call failed or the breaker is open
	 */
	static <T> T call(CircuitBreaker breaker, String service, String what, Supplier<T> call) {
		try {
			return breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			throw new ServiceCallException(service, what, "its circuit breaker is open after recent failures");
		}
		catch (RestClientException ex) {
			throw new ServiceCallException(service, what, ex);
		}
	}

}

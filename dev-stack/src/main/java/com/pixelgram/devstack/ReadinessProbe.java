package com.pixelgram.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a service's actuator whether it is ready for traffic, as a Kubernetes readiness
 * probe would.
 */
final class ReadinessProbe {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	/**
	 * Whether {@code /actuator/health/readiness} answers 200.
	 * @param port the service's management (Actuator) port
	 * @return true when ready
	 */
	boolean isReady(int port) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(TIMEOUT)
			.GET()
			.build();
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

package com.pixelgram.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service owes its operators, checked against the running service: the
 * Kubernetes probes, the Prometheus endpoint, and problem details for a caller without a
 * token. A service's test extends it and points the service at real infrastructure.
 */
public abstract class ServiceSmokeTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@Test
	void reportsLivenessAndReadinessOnItsProbes() throws Exception {
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		HttpResponse<String> readiness = get("/actuator/health/readiness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void exposesPrometheusMetrics() throws Exception {
		HttpResponse<String> metrics = get("/actuator/prometheus");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void answersAnApiCallWithoutATokenWithProblemDetails() throws Exception {
		HttpResponse<String> response = get("/v1/anything");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("https://pixelgram.dev/problems/unauthorized");
	}

	@Test
	void refusesInternalCallsFromOutside() throws Exception {
		HttpResponse<String> response = get("/internal/anything");

		assertThat(response.statusCode()).isEqualTo(403);
	}

	protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}

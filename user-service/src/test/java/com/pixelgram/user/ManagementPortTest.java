package com.pixelgram.user;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.pixelgram.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.server.port} set, as dev-stack, compose and the Helm chart set
 * it, the Actuator (metrics, health details) answers on that port only: whatever reaches
 * the API port, an ingress or a published port, finds no Actuator there.
 */
@ActiveProfiles("local")
@SpringBootTest(classes = UserServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "pixelgram.events.relay.enabled=false" })
class ManagementPortTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "users_mgmt", 2, 1);
		TestInfrastructure.redis(registry, "users-mgmt");
		TestInfrastructure.sqs(registry, "users-mgmt");
	}

	@Test
	void servesPrometheusOnTheManagementPortOnly() throws Exception {
		HttpResponse<String> api = get(this.port, "/actuator/prometheus");
		HttpResponse<String> management = get(this.managementPort, "/actuator/prometheus");

		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(management.statusCode()).isEqualTo(200);
		assertThat(management.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void servesHealthOnTheManagementPortOnly() throws Exception {
		HttpResponse<String> api = get(this.port, "/actuator/health/readiness");
		HttpResponse<String> management = get(this.managementPort, "/actuator/health/readiness");

		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(management.statusCode()).isEqualTo(200);
		assertThat(management.body()).contains("\"status\":\"UP\"");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}

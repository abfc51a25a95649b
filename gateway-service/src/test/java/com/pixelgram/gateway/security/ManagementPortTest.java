package com.pixelgram.gateway.security;

import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.GatewayTestProperties;
import com.pixelgram.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway lets {@code /actuator/prometheus} through without a token. With
 * {@code management.server.port} set, as dev-stack, compose and the Helm chart set it,
 * the Actuator answers only there: the port the users reach has none.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortTest {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void gatewayProperties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, TestRedis.url());
	}

	@Test
	void servesPrometheusAndHealthOnTheManagementPortOnly() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health/readiness" }) {
			GatewayIntegrationTest.client(this.port).get().uri(path).exchange().expectStatus().isNotFound();
			GatewayIntegrationTest.client(this.managementPort).get().uri(path).exchange().expectStatus().isOk();
		}
		GatewayIntegrationTest.client(this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("jvm_memory_used_bytes"));
	}

}

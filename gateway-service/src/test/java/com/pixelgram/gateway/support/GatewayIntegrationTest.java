package com.pixelgram.gateway.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.testsupport.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A running gateway in front of the stand-ins, on a random port, called over HTTP.
 * Subclasses without further configuration share one application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void gatewayProperties(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, TestRedis.url());
	}

	protected WebTestClient client() {
		return client(this.port);
	}

	public static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	/** A user ID no other test uses, so that counters and recordings stay apart. */
	public static String newUserId() {
		return Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
	}

	/** A path segment no other test uses. */
	public static String unique() {
		return Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
	}

}

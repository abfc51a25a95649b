package com.pixelgram.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pixelgram.gateway.support.GatewayIntegrationTest;
import com.pixelgram.gateway.support.GatewayTestProperties;
import com.pixelgram.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RateLimitSlowRedisTest {

	/** Accepts connections and never answers, like a Redis behind a dropped network. */
	private static final ServerSocket SILENT_REDIS = silentServer();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void silentRedis(DynamicPropertyRegistry registry) {
		GatewayTestProperties.register(registry, "redis://127.0.0.1:" + SILENT_REDIS.getLocalPort());
	}

	@Test
	void doesNotWaitLongForARedisThatDoesNotAnswer() {
		String token = TestTokens.valid(GatewayIntegrationTest.newUserId());
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			GatewayIntegrationTest.client(this.port)
				.get()
				.uri("/v1/feed")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		}
	}

	private static ServerSocket silentServer() {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			List<Socket> held = new CopyOnWriteArrayList<>();
			Thread acceptor = new Thread(() -> {
				while (!server.isClosed()) {
					try {
						held.add(server.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-redis");
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

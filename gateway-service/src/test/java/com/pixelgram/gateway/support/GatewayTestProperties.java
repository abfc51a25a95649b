package com.pixelgram.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a gateway under test at the stand-ins, the test JWKS and a Redis. */
public final class GatewayTestProperties {

	private GatewayTestProperties() {
	}

	/** Every service answered by its stand-in. */
	public static void register(DynamicPropertyRegistry registry, String redisUrl) {
		register(registry, redisUrl, Downstreams.USER.uri(), Downstreams.POST.uri(), Downstreams.FEED.uri(),
				Downstreams.NOTIFICATION.uri());
	}

	public static void register(DynamicPropertyRegistry registry, String redisUrl, String userUri, String postUri,
			String feedUri, String notificationUri) {
		registry.add("pixelgram.gateway.user-service-uri", () -> userUri);
		registry.add("pixelgram.gateway.post-service-uri", () -> postUri);
		registry.add("pixelgram.gateway.feed-service-uri", () -> feedUri);
		registry.add("pixelgram.gateway.notification-service-uri", () -> notificationUri);
		registry.add("pixelgram.security.jwks-uri", TestTokens::jwksUri);
		registry.add("spring.data.redis.url", () -> redisUrl);
		// counters of one context, or of an earlier run, never meet another's
		String prefix = "rl-test-" + UUID.randomUUID();
		registry.add("pixelgram.gateway.rate-limit.key-prefix", () -> prefix);
	}

	/** A local port nothing listens on (it was free a moment ago). */
	public static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

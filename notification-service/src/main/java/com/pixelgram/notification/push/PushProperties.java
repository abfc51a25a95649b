package com.pixelgram.notification.push;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Push notifications: the provider, the sending pool and the provider's settings. The
 * tries of one message on 429, 5xx and I/O errors are the retries {@code fcm} and
 * {@code apns} ({@code pixelgram.resilience.retries.*}).
 *
 * @param provider {@code log} (a sender that only logs; dev-stack) or {@code fcm}
 * @param threads threads that send pushes, apart from the event consumers
 * @param queueCapacity batches waiting for a sender thread; beyond it pushes are dropped
 * (the notifications themselves are stored)
 * @param maxDevicesPerUser registrations kept per user; the least recently registered go
 * first
 * @param fcm Firebase Cloud Messaging (HTTP v1)
 * @param apns Apple Push Notification service, for iOS devices when enabled (otherwise
 * they go through {@code provider}, as FCM can deliver to iOS apps too)
 */
@ConfigurationProperties("pixelgram.notification.push")
record PushProperties(@DefaultValue("log") Provider provider, @DefaultValue("2") int threads,
		@DefaultValue("10000") int queueCapacity, @DefaultValue("10") int maxDevicesPerUser, @DefaultValue Fcm fcm,
		@DefaultValue Apns apns) {

	/** Which {@link PushSender} sends. */
	public enum Provider {

		LOG, FCM

	}

	/**
	 * FCM HTTP v1: {@code POST {base-url}/v1/projects/{project-id}/messages:send}.
	 *
	 * @param baseUrl the API's base URL
	 * @param projectId the Firebase project
	 * @param accessToken a fixed OAuth access token (tests, or a token refreshed by a
	 * sidecar); when empty the token comes from {@code credentials-file}
	 * @param credentialsFile a Google service-account key (JSON): its key signs a JWT
	 * exchanged for an access token at the token endpoint
	 * @param tokenUri the OAuth token endpoint; empty: the one in the credentials file
	 * @param connectTimeout connect timeout
	 * @param requestTimeout timeout of one send
	 */
	public record Fcm(@DefaultValue("https://fcm.googleapis.com") URI baseUrl, String projectId, String accessToken,
			String credentialsFile, URI tokenUri, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("10s") Duration requestTimeout) {

	}

	/**
	 * APNs provider API with token authentication: {@code POST
	 * {base-url}/3/device/{token}} over HTTP/2.
	 *
	 * @param enabled whether iOS devices are pushed through APNs
	 * @param baseUrl {@code https://api.push.apple.com}, or the sandbox
	 * @param teamId the Apple developer team (the JWT's {@code iss})
	 * @param keyId the ID of the signing key (the JWT's {@code kid})
	 * @param privateKeyFile the {@code .p8} signing key (PKCS#8 EC P-256)
	 * @param topic the app's bundle ID ({@code apns-topic})
	 * @param tokenLifetime how long one provider token is used (APNs accepts 20 to 60
	 * minutes)
	 * @param connectTimeout connect timeout
	 * @param requestTimeout timeout of one send
	 */
	public record Apns(@DefaultValue("false") boolean enabled, @DefaultValue("https://api.push.apple.com") URI baseUrl,
			String teamId, String keyId, String privateKeyFile, String topic,
			@DefaultValue("50m") Duration tokenLifetime, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("10s") Duration requestTimeout) {

	}

}

package com.pixelgram.notification.push;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Apple Push Notification service, HTTP/2 provider API with token authentication. Retries
 * 429, 5xx and I/O errors with exponential back-off ({@code Retry-After} wins when sent)
 * as its {@link PushRetry} says, renews the provider token once when APNs calls it
 * expired or invalid, and reports a token APNs calls dead (410 Unregistered, 400
 * BadDeviceToken / DeviceTokenNotForTopic) as {@link Outcome#INVALID_TOKEN}.
 */
class ApnsPushSender implements PushSender {

	private static final Logger log = LoggerFactory.getLogger(ApnsPushSender.class);

	private static final Set<String> DEAD_TOKEN_REASONS = Set.of("BadDeviceToken", "DeviceTokenNotForTopic",
			"Unregistered");

	private static final Set<String> PROVIDER_TOKEN_REASONS = Set.of("ExpiredProviderToken", "InvalidProviderToken");

	private final RestClient http;

	private final PushProperties.Apns properties;

	private final AccessTokenSource providerTokens;

	private final PushRetry retry;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * @param http a client of the application's {@code RestClient.Builder} on an HTTP/2
	 * connection, so that each call is observed ({@code http.client.requests}, a span)
	 */
	ApnsPushSender(RestClient http, PushProperties.Apns properties, AccessTokenSource providerTokens, PushRetry retry) {
		this.http = http;
		this.properties = properties;
		this.providerTokens = providerTokens;
		this.retry = retry;
	}

	@Override
	public Outcome send(Device device, PushMessage message) {
		URI endpoint = URI.create(this.properties.baseUrl().toString().replaceAll("/+$", "") + "/3/device/"
				+ URLEncoder.encode(device.token(), StandardCharsets.UTF_8));
		String body = this.json.writeValueAsString(payload(message));
		PushRetry.Tries tries = this.retry.start();
		boolean renewedToken = false;
		int attempt = 0;
		while (true) {
			attempt++;
			PushReply response;
			try {
				response = post(endpoint, body);
			}
			catch (RuntimeException ex) {
				if (Thread.currentThread().isInterrupted()) {
					return Outcome.FAILED;
				}
				if (!tries.again(ex)) {
					log.warn("APNs send to {} failed after {} attempts: {}", device, attempt, ex.getMessage());
					return Outcome.FAILED;
				}
				continue;
			}
			int status = response.status();
			if (status == 200) {
				tries.succeeded();
				return Outcome.SENT;
			}
			String reason = reason(response.body());
			if (status == 403 && PROVIDER_TOKEN_REASONS.contains(reason) && !renewedToken) {
				this.providerTokens.invalidate();
				renewedToken = true;
				attempt--;
				continue;
			}
			if (status == 429 || status >= 500) {
				if (!tries.again(response)) {
					log.warn("APNs send to {} gave up after {} attempts ({})", device, attempt, status);
					return Outcome.FAILED;
				}
				continue;
			}
			if (status == 410 || (status == 400 && DEAD_TOKEN_REASONS.contains(reason))) {
				return Outcome.INVALID_TOKEN;
			}
			log.warn("APNs refused a message to {}: {} {}", device, status, reason);
			return Outcome.FAILED;
		}
	}

	private PushReply post(URI endpoint, String body) {
		return this.http.post()
			.uri(endpoint)
			.header("authorization", "bearer " + this.providerTokens.token())
			.header("apns-topic", this.properties.topic())
			.header("apns-push-type", "alert")
			.header("apns-priority", "10")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body.getBytes(StandardCharsets.UTF_8))
			.exchange((request, response) -> PushReply.of(response));
	}

	private static Map<String, Object> payload(PushMessage message) {
		Map<String, Object> payload = new LinkedHashMap<>(message.data());
		payload.put("aps",
				Map.of("alert", Map.of("title", message.title(), "body", message.body()), "sound", "default"));
		return payload;
	}

	private String reason(String body) {
		try {
			return this.json.readTree((body != null && !body.isBlank()) ? body : "{}").path("reason").asString("");
		}
		catch (JacksonException ex) {
			return "";
		}
	}

}

package com.pixelgram.notification.push;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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

	private final HttpClient http;

	private final PushProperties.Apns properties;

	private final AccessTokenSource providerTokens;

	private final PushRetry retry;

	private final JsonMapper json = JsonMapper.builder().build();

	ApnsPushSender(HttpClient http, PushProperties.Apns properties, AccessTokenSource providerTokens, PushRetry retry) {
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
			HttpResponse<String> response;
			try {
				response = this.http.send(request(endpoint, body), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException | RuntimeException ex) {
				if (!tries.again(ex)) {
					log.warn("APNs send to {} failed after {} attempts: {}", device, attempt, ex.getMessage());
					return Outcome.FAILED;
				}
				continue;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Outcome.FAILED;
			}
			int status = response.statusCode();
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

	private HttpRequest request(URI endpoint, String body) {
		return HttpRequest.newBuilder(endpoint)
			.timeout(this.properties.requestTimeout())
			.header("authorization", "bearer " + this.providerTokens.token())
			.header("apns-topic", this.properties.topic())
			.header("apns-push-type", "alert")
			.header("apns-priority", "10")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
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

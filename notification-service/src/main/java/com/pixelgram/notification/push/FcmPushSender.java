package com.pixelgram.notification.push;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Firebase Cloud Messaging, HTTP v1 API. Retries 429, 5xx and I/O errors with exponential
 * back-off (a {@code Retry-After} wins) as its {@link PushRetry} says, refreshes the
 * access token once on 401, and reports a token FCM calls dead (404/UNREGISTERED, 400
 * INVALID_ARGUMENT about the token, 403 SENDER_ID_MISMATCH) as
 * {@link Outcome#INVALID_TOKEN}.
 */
class FcmPushSender implements PushSender {

	private static final Logger log = LoggerFactory.getLogger(FcmPushSender.class);

	private static final MediaType JSON_UTF8 = MediaType.parseMediaType("application/json; charset=UTF-8");

	private final RestClient http;

	private final URI endpoint;

	private final AccessTokenSource tokens;

	private final PushRetry retry;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * @param http a client of the application's {@code RestClient.Builder}, so that each
	 * call is observed ({@code http.client.requests}, a span with its traceparent)
	 */
	FcmPushSender(RestClient http, PushProperties.Fcm properties, AccessTokenSource tokens, PushRetry retry) {
		this.http = http;
		this.tokens = tokens;
		this.retry = retry;
		String base = properties.baseUrl().toString().replaceAll("/+$", "");
		this.endpoint = URI.create(base + "/v1/projects/" + properties.projectId() + "/messages:send");
	}

	@Override
	public Outcome send(Device device, PushMessage message) {
		String body = this.json.writeValueAsString(Map.of("message", message(device, message)));
		PushRetry.Tries tries = this.retry.start();
		boolean refreshedToken = false;
		int attempt = 0;
		while (true) {
			attempt++;
			PushReply response;
			try {
				response = post(body);
			}
			catch (RuntimeException ex) {
				if (Thread.currentThread().isInterrupted()) {
					return Outcome.FAILED;
				}
				if (!tries.again(ex)) {
					log.warn("FCM send to {} failed after {} attempts: {}", device, attempt, ex.getMessage());
					return Outcome.FAILED;
				}
				continue;
			}
			int status = response.status();
			if (status >= 200 && status < 300) {
				tries.succeeded();
				return Outcome.SENT;
			}
			if (status == 401 && !refreshedToken) {
				this.tokens.invalidate();
				refreshedToken = true;
				attempt--;
				continue;
			}
			if (status == 429 || status >= 500) {
				if (!tries.again(response)) {
					log.warn("FCM send to {} gave up after {} attempts ({})", device, attempt, status);
					return Outcome.FAILED;
				}
				continue;
			}
			if (isDeadToken(status, response.body())) {
				return Outcome.INVALID_TOKEN;
			}
			log.warn("FCM refused a message to {}: {} {}", device, status, errorStatus(response.body()));
			return Outcome.FAILED;
		}
	}

	private PushReply post(String body) {
		return this.http.post()
			.uri(this.endpoint)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.tokens.token())
			.contentType(JSON_UTF8)
			.body(body.getBytes(StandardCharsets.UTF_8))
			.exchange((request, response) -> PushReply.of(response));
	}

	private static Map<String, Object> message(Device device, PushMessage message) {
		Map<String, Object> fcm = new LinkedHashMap<>();
		fcm.put("token", device.token());
		fcm.put("notification", Map.of("title", message.title(), "body", message.body()));
		fcm.put("data", message.data());
		return fcm;
	}

	/**
	 * FCM's verdicts on the token itself. A 400 is about the token only when FCM says so:
	 * other invalid arguments are a bug of ours, not a reason to forget a device.
	 */
	private boolean isDeadToken(int status, String body) {
		JsonNode error = error(body);
		String errorCode = fcmErrorCode(error);
		if ("UNREGISTERED".equals(errorCode) || status == 404) {
			return true;
		}
		if (status == 403 && "SENDER_ID_MISMATCH".equals(errorCode)) {
			return true;
		}
		if (status == 400 && "INVALID_ARGUMENT".equals(error.path("status").asString(""))) {
			if (error.path("message").asString("").toLowerCase(Locale.ROOT).contains("registration token")) {
				return true;
			}
			for (JsonNode detail : error.path("details")) {
				for (JsonNode violation : detail.path("fieldViolations")) {
					if ("message.token".equals(violation.path("field").asString(""))) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private JsonNode error(String body) {
		try {
			return this.json.readTree((body != null && !body.isBlank()) ? body : "{}").path("error");
		}
		catch (JacksonException ex) {
			return this.json.missingNode();
		}
	}

	private static String fcmErrorCode(JsonNode error) {
		for (JsonNode detail : error.path("details")) {
			if (detail.path("errorCode").isString()) {
				return detail.path("errorCode").asString();
			}
		}
		return null;
	}

	private String errorStatus(String body) {
		JsonNode error = error(body);
		String code = fcmErrorCode(error);
		return (code != null) ? code : error.path("status").asString("");
	}

}

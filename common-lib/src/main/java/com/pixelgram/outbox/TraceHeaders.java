package com.pixelgram.outbox;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trace context of an outbox row: propagation headers kept as a JSON object in the
 * {@code trace_context} column and sent as SQS message attributes of the same names,
 * which Spring Cloud AWS maps back to message headers for the listener observation.
 */
final class TraceHeaders {

	/**
	 * SQS carries at most ten message attributes, and Spring Cloud AWS spends one on the
	 * payload type ({@code JavaType}); a message over the limit would be refused forever.
	 */
	static final int MAX_HEADERS = 9;

	/** SQS attribute names: letters, digits, '-', '_' and '.', at most 256 characters. */
	private static final Pattern SQS_ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}");

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private static final Logger log = LoggerFactory.getLogger(TraceHeaders.class);

	private TraceHeaders() {
	}

	/**
	 * Adds a propagation header unless SQS would refuse it as a message attribute: a
	 * trace must never keep an event from being sent.
	 */
	static void putIfSendable(Map<String, String> headers, String name, String value) {
		if (headers.size() < MAX_HEADERS && value != null && !value.isEmpty() && isAttributeName(name)) {
			headers.put(name, value);
		}
	}

	/** The column value of the headers: a JSON object, or {@code null} for none. */
	static String toJson(Map<String, String> headers) {
		return headers.isEmpty() ? null : JsonMapper.shared().writeValueAsString(headers);
	}

	/**
	 * The headers of a column value. A value this code did not write is dropped with a
	 * warning rather than failing the claim, which would hold back every row behind it.
	 */
	static Map<String, String> fromJson(String json) {
		if (json == null) {
			return Map.of();
		}
		try {
			Map<String, String> headers = JsonMapper.shared().readValue(json, HEADERS);
			return (headers != null) ? headers : Map.of();
		}
		catch (JacksonException ex) {
			log.warn("Ignoring an unreadable trace context in the outbox: {}", ex.getOriginalMessage());
			return Map.of();
		}
	}

	private static boolean isAttributeName(String name) {
		if (name == null || !SQS_ATTRIBUTE_NAME.matcher(name).matches() || name.endsWith(".") || name.contains("..")) {
			return false;
		}
		String lower = name.toLowerCase(Locale.ROOT);
		return !lower.startsWith("aws.") && !lower.startsWith("amazon.");
	}

}

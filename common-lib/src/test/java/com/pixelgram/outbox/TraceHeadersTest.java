package com.pixelgram.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceHeadersTest {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void keepsOnlyHeadersThatSqsAcceptsAsMessageAttributes() {
		Map<String, String> headers = new LinkedHashMap<>();

		TraceHeaders.putIfSendable(headers, "traceparent", TRACEPARENT);
		TraceHeaders.putIfSendable(headers, "tracestate", "congo=t61rcWkgMzE");
		TraceHeaders.putIfSendable(headers, "X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		TraceHeaders.putIfSendable(headers, "baggage", "");
		TraceHeaders.putIfSendable(headers, "AWS.trace", "reserved prefix");
		TraceHeaders.putIfSendable(headers, "amazon.trace", "reserved prefix");
		TraceHeaders.putIfSendable(headers, "user id", "space in the name");
		TraceHeaders.putIfSendable(headers, "a..b", "two periods");
		TraceHeaders.putIfSendable(headers, "trailing.", "period at the end");

		assertThat(headers).containsOnlyKeys("traceparent", "tracestate", "X-B3-TraceId");
	}

	@Test
	void keepsNoMoreHeadersThanAnSqsMessageHasAttributesLeft() {
		Map<String, String> headers = new LinkedHashMap<>();

		for (int i = 0; i < 20; i++) {
			TraceHeaders.putIfSendable(headers, "field-" + i, "value");
		}

		assertThat(headers).hasSize(TraceHeaders.MAX_HEADERS).containsKey("field-0");
	}

	@Test
	void storesNoHeadersAsNullAndReadsBackWhatItStored() {
		Map<String, String> headers = Map.of("traceparent", TRACEPARENT, "tracestate", "congo=t61rcWkgMzE");

		assertThat(TraceHeaders.toJson(Map.of())).isNull();
		assertThat(TraceHeaders.fromJson(null)).isEmpty();
		assertThat(TraceHeaders.fromJson(TraceHeaders.toJson(headers))).isEqualTo(headers);
	}

	@Test
	void readsAColumnValueItDidNotWriteAsNoTraceContext() {
		assertThat(TraceHeaders.fromJson("[\"traceparent\"]")).isEmpty();
		assertThat(TraceHeaders.fromJson("{\"traceparent\":{\"nested\":true}}")).isEmpty();
	}

}

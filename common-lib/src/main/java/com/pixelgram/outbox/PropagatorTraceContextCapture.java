package com.pixelgram.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Captures the current span's context through the application's {@link Propagator}, so
 * the outbox stores exactly the headers that the consumer's propagator reads back (W3C
 * {@code traceparent} and {@code tracestate}, or B3, plus baggage, as configured).
 */
final class PropagatorTraceContextCapture implements TraceContextCapture {

	private final Tracer tracer;

	private final Propagator propagator;

	PropagatorTraceContextCapture(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public Map<String, String> current() {
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context == null) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		this.propagator.inject(context, headers, TraceHeaders::putIfSendable);
		return headers;
	}

}

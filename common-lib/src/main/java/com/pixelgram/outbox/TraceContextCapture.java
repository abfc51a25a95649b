package com.pixelgram.outbox;

import java.util.Map;

/**
 * Reads the trace context of the current thread as propagation headers, to be stored with
 * an event published now and sent with it later from the relay's thread.
 */
@FunctionalInterface
interface TraceContextCapture {

	/** For an application without a tracer: events carry no trace context. */
	TraceContextCapture NONE = Map::of;

	/**
	 * The propagation headers of the current trace context, each one valid as an SQS
	 * message attribute.
	 * @return the headers by name, empty when nothing is being traced
	 */
	Map<String, String> current();

}

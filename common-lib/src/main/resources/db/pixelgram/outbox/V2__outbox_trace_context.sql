-- The trace context of the transaction that published the event, as the propagation headers
-- of the application's propagator (W3C: traceparent, tracestate and baggage when present).
-- The relay sends them as SQS message attributes so that the consumer continues the trace
-- of the request that caused the event. Null when nothing was being traced.
ALTER TABLE message ADD COLUMN trace_context jsonb;

package com.pixelgram.outbox;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes an event as part of the caller's transaction: the outbox row commits or rolls
 * back with the change it describes, and the relay sends it after commit. The row keeps
 * the caller's trace context, so that the consumer's work joins the trace of the request
 * that caused the event although the relay sends it later from a thread of its own.
 */
public class EventPublisher {

	private final JdbcClient jdbc;

	private final EventCodec codec;

	private final EventTopology topology;

	private final Clock clock;

	private final TraceContextCapture traceContext;

	private final Runnable afterCommit;

	EventPublisher(JdbcClient jdbc, EventCodec codec, EventTopology topology, Clock clock,
			TraceContextCapture traceContext, Runnable afterCommit) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.topology = topology;
		this.clock = clock;
		this.traceContext = traceContext;
		this.afterCommit = afterCommit;
	}

	/**
	 * Writes the event to the outbox of the current shard transaction.
	 * @return the event's ID
	 * @throws IllegalStateException when no transaction is active: an event sent outside
	 * the transaction of its change could be lost or describe a change that never
	 * happened
	 */
	public UUID publish(DomainEvent event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			throw new IllegalStateException("events are published inside the read-write transaction of the change");
		}
		UUID eventId = UUID.randomUUID();
		String envelope = this.codec.encode(eventId, this.clock.instant(), event);
		List<String> destinations = this.topology.destinationsOf(event.type());
		String traceContext = destinations.isEmpty() ? null : TraceHeaders.toJson(this.traceContext.current());
		for (String destination : destinations) {
			this.jdbc
				.sql("INSERT INTO outbox.message (event_id, event_type, destination, payload, trace_context) "
						+ "VALUES (:eventId, :type, :destination, CAST(:payload AS jsonb), "
						+ "CAST(:traceContext AS jsonb))")
				.param("eventId", eventId)
				.param("type", event.type())
				.param("destination", destination)
				.param("payload", envelope)
				.param("traceContext", traceContext)
				.update();
		}
		if (!destinations.isEmpty()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					EventPublisher.this.afterCommit.run();
				}
			});
		}
		return eventId;
	}

}

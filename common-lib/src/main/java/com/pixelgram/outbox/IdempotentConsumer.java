package com.pixelgram.outbox;

import java.util.UUID;

import com.pixelgram.shard.Shards;

/**
 * Makes an event handler idempotent: the handler's writes and a processed-event record
 * keyed by (consumer, event ID) commit in one transaction of the shard they touch, so a
 * redelivered event finds the record and changes nothing.
 */
public class IdempotentConsumer {

	private final Shards shards;

	public IdempotentConsumer(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Runs the handler in a transaction of the shard unless this consumer already
	 * processed the event there. A handler that throws rolls back its record too, so the
	 * event is retried on redelivery.
	 * @return whether the handler ran
	 */
	public boolean runOnce(String consumer, UUID eventId, int shard, Runnable handler) {
		return this.shards.write(shard, () -> {
			int recorded = this.shards.jdbc()
				.sql("INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId) "
						+ "ON CONFLICT DO NOTHING")
				.param("consumer", consumer)
				.param("eventId", eventId)
				.update();
			if (recorded == 0) {
				return false;
			}
			handler.run();
			return true;
		});
	}

}

package com.pixelgram.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Events between services: queue names, who subscribes to what, delivery and relay
 * settings.
 *
 * @param queuePrefix prepended to every queue name (per environment, per test class)
 * @param subscriptions consumer queue name to the event types it receives; empty means
 * the topology of docs/architecture.md §4 ({@link EventTopology#DEFAULT_SUBSCRIPTIONS}:
 * every event but the data-export ones to {@code feed-events} and
 * {@code notification-events}, which also gets finished exports, post events and export
 * outcomes to {@code user-events}, block, follow, privacy, account-deletion and
 * export-request events to {@code post-events})
 * @param provisionQueues create missing queues, dead-letter queues and redrive policies
 * at start
 * @param maxReceiveCount deliveries of one message before it moves to the dead-letter
 * queue
 * @param visibilityTimeout how long a received message stays hidden before redelivery
 * @param relay the outbox relay
 */
@ConfigurationProperties("pixelgram.events")
public record EventProperties(@DefaultValue("") String queuePrefix, Map<String, List<String>> subscriptions,
		@DefaultValue("true") boolean provisionQueues, @DefaultValue("5") int maxReceiveCount,
		@DefaultValue("30s") Duration visibilityTimeout, @DefaultValue Relay relay) {

	/**
	 * The relay that moves committed outbox rows to SQS.
	 *
	 * @param enabled whether this process runs a relay (every replica may: claims never
	 * overlap)
	 * @param claimSize rows claimed per transaction
	 * @param pollInterval wait between polls when the outbox is empty and nothing wakes
	 * it
	 * @param initialBackoff first retry delay of a message SQS refused
	 * @param maxBackoff longest retry delay, of a message and of the relay when SQS is
	 * down
	 * @param retention how long sent rows are kept before they are deleted
	 */
	public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("100") int claimSize,
			@DefaultValue("250ms") Duration pollInterval, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("30s") Duration maxBackoff, @DefaultValue("24h") Duration retention) {

	}

}

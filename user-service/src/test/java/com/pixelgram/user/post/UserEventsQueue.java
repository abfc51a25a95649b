package com.pixelgram.user.post;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.outbox.EventTopology;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's {@code user-events} queue as post-service's relay fills it: envelopes
 * sent straight to SQS (the tests' outbox relay is off), and a wait until the listener
 * has handled and acknowledged everything sent.
 */
final class UserEventsQueue {

	private final SqsAsyncClient sqs;

	private final EventCodec codec;

	private final String url;

	UserEventsQueue(SqsAsyncClient sqs, EventCodec codec, EventTopology topology) {
		this.sqs = sqs;
		this.codec = codec;
		this.url = sqs.getQueueUrl((request) -> request.queueName(topology.physical("user-events"))).join().queueUrl();
	}

	/** The envelope of an event, with a new event ID. */
	String envelope(DomainEvent event) {
		return this.codec.encode(UUID.randomUUID(), Instant.now(), event);
	}

	void send(DomainEvent event) {
		send(envelope(event));
	}

	void send(String body) {
		this.sqs.sendMessage((request) -> request.queueUrl(this.url).messageBody(body)).join();
	}

	/**
	 * Waits until no message is waiting or in flight: every one sent was handled without
	 * an error and deleted (a failed one would stay hidden for the visibility timeout,
	 * then come back).
	 */
	void awaitDrained() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Map<QueueAttributeName, String> attributes = this.sqs
				.getQueueAttributes((request) -> request.queueUrl(this.url)
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
							QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.join()
				.attributes();
			assertThat(attributes).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
				.containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
		});
	}

}

package com.pixelgram.outbox;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserRegistered;
import com.pixelgram.testsupport.TestInfrastructure;
import io.awspring.cloud.sqs.annotation.SqsListener;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A service with shards, an outbox and one consumer of {@code feed-events}, for the
 * outbox tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class OutboxTestApplication {

	static final String POISON = "poison";

	/**
	 * Points the application at eight shards on two fresh databases and at an SQS server,
	 * with delivery settings short enough for tests.
	 * @return the queue-name prefix of this test class
	 */
	static String register(DynamicPropertyRegistry registry, String hint, String sqsEndpoint) {
		TestInfrastructure.shardMap(registry, hint, 8, 2);
		String queuePrefix = TestInfrastructure.sqs(registry, hint, sqsEndpoint);
		registry.add("pixelgram.shards.shard-migrations", () -> "classpath:db/test-shard");
		registry.add("pixelgram.shards.global-migrations", () -> "classpath:db/test-global");
		registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
		registry.add("pixelgram.events.visibility-timeout", () -> "1s");
		registry.add("pixelgram.events.max-receive-count", () -> 3);
		registry.add("pixelgram.events.relay.poll-interval", () -> "50ms");
		registry.add("pixelgram.events.relay.initial-backoff", () -> "200ms");
		registry.add("pixelgram.events.relay.max-backoff", () -> "1s");
		return queuePrefix;
	}

	@Bean
	RecordingListener recordingListener(EventCodec codec, IdempotentConsumer idempotent) {
		return new RecordingListener(codec, idempotent);
	}

	/**
	 * Counts what reaches the queue and what the idempotent handler applies; refuses
	 * events of users named "poison" every time, as a bug in a consumer would.
	 */
	static class RecordingListener {

		final Map<UUID, AtomicInteger> received = new ConcurrentHashMap<>();

		final Map<UUID, AtomicInteger> handled = new ConcurrentHashMap<>();

		private final EventCodec codec;

		private final IdempotentConsumer idempotent;

		RecordingListener(EventCodec codec, IdempotentConsumer idempotent) {
			this.codec = codec;
			this.idempotent = idempotent;
		}

		@SqsListener("${pixelgram.events.queue-prefix}feed-events")
		void on(String body) {
			ReceivedEvent event = this.codec.decode(body);
			this.received.computeIfAbsent(event.eventId(), (id) -> new AtomicInteger()).incrementAndGet();
			if (event.event() instanceof UserRegistered registered && registered.username().startsWith(POISON)) {
				throw new IllegalStateException("cannot handle " + registered.username());
			}
			this.idempotent.runOnce("recording-listener", event.eventId(), 0,
					() -> this.handled.computeIfAbsent(event.eventId(), (id) -> new AtomicInteger()).incrementAndGet());
		}

		int handledCount(UUID eventId) {
			AtomicInteger count = this.handled.get(eventId);
			return (count != null) ? count.get() : 0;
		}

		int receivedCount(UUID eventId) {
			AtomicInteger count = this.received.get(eventId);
			return (count != null) ? count.get() : 0;
		}

	}

}

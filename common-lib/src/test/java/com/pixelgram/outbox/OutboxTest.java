package com.pixelgram.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserRegistered;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.TestSqs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = OutboxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OutboxTest {

	static String queuePrefix;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		queuePrefix = OutboxTestApplication.register(registry, "outbox", TestSqs.endpoint());
	}

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Autowired
	EventPublisher publisher;

	@Autowired
	OutboxTestApplication.RecordingListener listener;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	MeterRegistry meters;

	@Test
	void committedEventsReachTheConsumerOnceEach() {
		List<UUID> published = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			int shard = i % 8;
			published.add(this.shards.write(shard, () -> this.publisher.publish(registered("user" + shard))));
		}

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(published)
				.allSatisfy((eventId) -> assertThat(this.listener.handledCount(eventId)).as("handled %s", eventId)
					.isEqualTo(1)));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pendingRows()).isZero());
	}

	@Test
	void anEventOfARolledBackTransactionIsNeverSent() {
		AtomicReference<UUID> doomed = new AtomicReference<>();
		assertThatThrownBy(() -> this.shards.write(3, () -> {
			doomed.set(this.publisher.publish(registered("ghost")));
			throw new IllegalStateException("the change failed");
		})).hasMessage("the change failed");
		UUID marker = this.shards.write(3, () -> this.publisher.publish(registered("marker")));

		await().atMost(Duration.ofSeconds(20)).until(() -> this.listener.handledCount(marker) == 1);
		assertThat(this.listener.receivedCount(doomed.get())).isZero();
		Long outboxRows = this.shards.read(3,
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM outbox.message WHERE event_id = :id")
					.param("id", doomed.get())
					.query(Long.class)
					.single());
		assertThat(outboxRows).isZero();
	}

	@Test
	void publishingOutsideATransactionIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.publisher.publish(registered("loose")));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.shards.read(0, () -> this.publisher.publish(registered("reader"))));
	}

	@Test
	void aPoisonMessageLandsInTheDeadLetterQueueAfterMaxReceiveCountTries() {
		UUID poison = this.shards.write(5,
				() -> this.publisher.publish(registered(OutboxTestApplication.POISON + "-" + System.nanoTime())));

		String deadLetterUrl = this.sqs.getQueueUrl((request) -> request.queueName(queuePrefix + "feed-events-dlq"))
			.join()
			.queueUrl();
		AtomicReference<List<Message>> deadLetters = new AtomicReference<>(List.of());
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			deadLetters.set(this.sqs
				.receiveMessage((request) -> request.queueUrl(deadLetterUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
				.join()
				.messages());
			return deadLetters.get()
				.stream()
				.map((message) -> this.codec.decode(message.body()))
				.map(ReceivedEvent::eventId)
				.anyMatch(poison::equals);
		});
		assertThat(this.listener.receivedCount(poison)).isEqualTo(3);
		assertThat(this.listener.handledCount(poison)).isZero();
	}

	@Test
	void everyDefaultQueueIsCreatedWithADeadLetterQueueAndARedrivePolicy() {
		assertThat(EventTopology.DEFAULT_QUEUES).contains("feed-events", "notification-events", "user-events",
				"post-events");
		for (String queue : EventTopology.DEFAULT_QUEUES) {
			String url = this.sqs.getQueueUrl((request) -> request.queueName(queuePrefix + queue)).join().queueUrl();

			String redrive = this.sqs
				.getQueueAttributes(
						(request) -> request.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
				.join()
				.attributes()
				.get(QueueAttributeName.REDRIVE_POLICY);

			assertThat(redrive).as(queue)
				.contains(queuePrefix + queue + "-dlq")
				.containsPattern("\"maxReceiveCount\":\"?3\"?");
		}
	}

	@Test
	void aRedeliveredEventChangesNothingTheSecondTime() {
		UUID eventId = UUID.randomUUID();
		List<String> applied = new ArrayList<>();

		boolean first = new IdempotentConsumer(this.shards).runOnce("direct", eventId, 4, () -> applied.add("once"));
		boolean second = new IdempotentConsumer(this.shards).runOnce("direct", eventId, 4, () -> applied.add("twice"));

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(applied).containsExactly("once");
	}

	@Test
	void exportsPendingAndOldestAgeGauges() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.meters.find("pixelgram.outbox.pending").gauges()).hasSize(2)
				.allSatisfy((gauge) -> assertThat(gauge.value()).isZero()));
		assertThat(this.meters.find("pixelgram.outbox.oldest.age").gauges()).hasSize(2);
	}

	private long pendingRows() {
		long pending = 0;
		for (int shard : new int[] { 0, 4 }) {
			pending += this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT count(*) FROM outbox.message WHERE sent_at IS NULL")
						.query(Long.class)
						.single());
		}
		return pending;
	}

	private UserRegistered registered(String username) {
		return new UserRegistered(this.ids.nextId(0), username, "Test User", Instant.now());
	}

}

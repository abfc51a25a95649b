package com.pixelgram.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.UserRegistered;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.Replicas;
import com.pixelgram.testsupport.TestSqs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of a service on the same databases and queue: both relays claim outbox
 * rows, both listeners consume, and every event is sent once and takes effect once.
 */
@SpringBootTest(classes = OutboxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OutboxReplicasTest {

	private static ConfigurableApplicationContext second;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		OutboxTestApplication.register(registry, "outbox-replicas", TestSqs.endpoint());
	}

	@Autowired
	ApplicationContext first;

	@BeforeEach
	void startSecondReplica() {
		if (second == null) {
			second = Replicas.another(this.first, OutboxTestApplication.class);
		}
	}

	@AfterAll
	static void stopSecondReplica() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void eachEventIsSentOnceByOneRelayAndTakesEffectOnce() {
		List<ApplicationContext> replicas = List.of(this.first, second);
		double sentBefore = sent(replicas);
		List<UUID> published = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			Shards shards = replicas.get(i % 2).getBean(Shards.class);
			EventPublisher publisher = replicas.get(i % 2).getBean(EventPublisher.class);
			UserRegistered event = new UserRegistered(1000L + i, "replicated" + i, null, Instant.now());
			published.add(shards.write(i % 8, () -> publisher.publish(event)));
		}

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(published).allSatisfy(
					(eventId) -> assertThat(handled(replicas, eventId)).as("handled %s", eventId).isEqualTo(1)));
		long queues = EventTopology.DEFAULT_SUBSCRIPTIONS.values()
			.stream()
			.filter((types) -> types.contains(UserRegistered.class.getSimpleName()))
			.count();
		assertThat(sent(replicas) - sentBefore).as("messages the two relays sent together, one per event and queue")
			.isEqualTo(400.0 * queues);
		assertThat(replicas).as("each relay sent some")
			.allSatisfy((replica) -> assertThat(sent(List.of(replica))).isPositive());
		assertThat(replicas).as("each listener handled some")
			.allSatisfy((replica) -> assertThat(published.stream()
				.filter((eventId) -> replica.getBean(OutboxTestApplication.RecordingListener.class)
					.handledCount(eventId) > 0)
				.count()).isPositive());
	}

	private static int handled(List<ApplicationContext> replicas, UUID eventId) {
		return replicas.stream()
			.mapToInt((replica) -> replica.getBean(OutboxTestApplication.RecordingListener.class).handledCount(eventId))
			.sum();
	}

	private static double sent(List<ApplicationContext> replicas) {
		return replicas.stream()
			.mapToDouble((replica) -> replica.getBean(MeterRegistry.class)
				.find("pixelgram.outbox.sent")
				.counters()
				.stream()
				.mapToDouble((counter) -> counter.count())
				.sum())
			.sum();
	}

}

package com.pixelgram.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pixelgram.events.UserRegistered;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.embedded.EmbeddedSqsServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SQS server goes away while events are published, and comes back empty. */
@SpringBootTest(classes = OutboxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OutboxSqsOutageTest {

	static EmbeddedSqsServer sqsServer = EmbeddedSqsServer.start(0);

	static final int sqsPort = sqsServer.port();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		OutboxTestApplication.register(registry, "outage", sqsServer.endpoint());
	}

	@AfterAll
	static void stopServer() {
		sqsServer.close();
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
	MeterRegistry meters;

	@Test
	void eventsPileUpWhileSqsIsDownAndAllArriveOnceWhenItReturns() {
		sqsServer.close();
		List<UUID> published = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			int shard = i % 8;
			published.add(this.shards.write(shard, () -> this.publisher
				.publish(new UserRegistered(this.ids.nextId(shard), "u" + shard, "U", Instant.now()))));
		}

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			// Two consumer queues take UserRegistered: a row each.
			assertThat(gaugeSum("pixelgram.outbox.pending")).isEqualTo(60.0);
		});
		// An outage is not the messages' fault: none is counted as refused, so none
		// spends its tries.
		assertThat(this.meters.find("pixelgram.outbox.send.failures").counters()).isNotEmpty()
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(published).allSatisfy((eventId) -> assertThat(this.listener.receivedCount(eventId)).isZero());

		// A new, empty server on the same port: the relay has to recreate the queues.
		sqsServer = EmbeddedSqsServer.start(sqsPort);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(published)
				.allSatisfy((eventId) -> assertThat(this.listener.handledCount(eventId)).as("handled %s", eventId)
					.isEqualTo(1)));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(gaugeSum("pixelgram.outbox.pending")).isZero());
	}

	private double gaugeSum(String name) {
		double sum = 0;
		for (Gauge gauge : this.meters.find(name).gauges()) {
			sum += gauge.value();
		}
		return sum;
	}

}

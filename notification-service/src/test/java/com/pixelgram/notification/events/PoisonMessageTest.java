package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.pixelgram.notification.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PoisonMessageTest extends NotificationIntegrationTest {

	@Test
	void aMessageThatIsNoEnvelopeEndsInTheDeadLetterQueueWhileUnknownEventsAreSkipped() {
		String poison = "not an event " + UUID.randomUUID();
		String unknown = "{\"event_id\": \"" + UUID.randomUUID() + "\", \"type\": \"StoryPosted\", \"version\": 1, "
				+ "\"occurred_at\": \"" + Instant.now() + "\", \"payload\": {\"story_id\": \"1\"}}";

		sendRaw(unknown);
		sendRaw(poison);

		String deadLetters = queueUrl("notification-events-dlq");
		Set<String> dead = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (Message message : this.sqs
				.receiveMessage((request) -> request.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(1))
				.join()
				.messages()) {
				dead.add(message.body());
			}
			return dead.contains(poison);
		});
		assertThat(dead).doesNotContain(unknown);
	}

}

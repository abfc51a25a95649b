package com.pixelgram.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pixelgram.events.LikeCreated;
import com.pixelgram.testsupport.Replicas;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second replica beside the test's own, on the same databases and queue, as a
 * deployment scaled out runs them: events delivered twice and handled by whichever
 * replica receives them make each notification once.
 */
class TwoReplicasTest extends NotificationIntegrationTest {

	private static ConfigurableApplicationContext second;

	@Autowired
	ApplicationContext first;

	@BeforeEach
	void startSecondReplica() {
		if (second == null) {
			second = Replicas.another(this.first, NotificationServiceApplication.class);
		}
	}

	@AfterAll
	static void stopSecondReplica() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void eachLikeMakesOneNotificationWhicheverReplicaHandlesItAndHowEverOftenItComes() {
		long author = user("replicated-author");
		List<Long> posts = new ArrayList<>();
		List<UUID> events = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			long post = postId(author);
			long liker = user("liker" + i);
			posts.add(post);
			Instant at = Instant.now();
			UUID eventId = UUID.randomUUID();
			events.add(eventId);
			publish(eventId, at, new LikeCreated(post, author, liker, at));
			publish(eventId, at, new LikeCreated(post, author, liker, at));
		}

		events.forEach((eventId) -> awaitProcessed(eventId, author));
		JsonNode notifications = awaitNotifications(author, posts.size());

		Set<String> notifiedPosts = new HashSet<>();
		notifications.forEach((item) -> notifiedPosts.add(item.path("post").path("post_id").asString()));
		assertThat(notifiedPosts).hasSize(posts.size())
			.containsExactlyInAnyOrderElementsOf(posts.stream().map(String::valueOf).toList());
		assertThat(List.of(this.first, second)).as("each replica handled some of the events")
			.allSatisfy((replica) -> assertThat(handledMessages(replica)).isPositive());
	}

	private static double handledMessages(ApplicationContext replica) {
		return replica.getBean(MeterRegistry.class)
			.find("pixelgram.notification.created")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}

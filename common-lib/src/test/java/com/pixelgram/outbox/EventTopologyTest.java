package com.pixelgram.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.events.EventCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventTopologyTest {

	@Test
	void byDefaultFeedAndNotificationsReceiveEveryEventUsersOnlyPostEventsAndPostsOnlyBlocks() {
		EventTopology topology = new EventTopology(properties("prod-", null));

		assertThat(topology.queues()).containsExactly("prod-feed-events", "prod-notification-events",
				"prod-user-events", "prod-post-events");
		assertThat(topology.destinationsOf("PostPublished")).containsExactly("prod-feed-events",
				"prod-notification-events", "prod-user-events");
		Set<String> toUsers = Set.of("PostPublished", "PostDeleted", "CommentCreated", "CommentDeleted");
		for (String type : toUsers) {
			assertThat(topology.destinationsOf(type)).as(type)
				.containsExactly("prod-feed-events", "prod-notification-events", "prod-user-events");
		}
		Set<String> toUsersAndPosts = Set.of("UserDeleted", "UserSuspended", "UserReinstated");
		for (String type : toUsersAndPosts) {
			assertThat(topology.destinationsOf(type)).as(type)
				.containsExactly("prod-feed-events", "prod-notification-events", "prod-user-events",
						"prod-post-events");
		}
		Set<String> toPosts = Set.of("UserBlocked", "UserUnblocked", "AccountPrivacyChanged", "FollowCreated",
				"FollowDeleted", "PostTakenDown", "CommentTakenDown");
		for (String type : toPosts) {
			assertThat(topology.destinationsOf(type)).as(type)
				.containsExactly("prod-feed-events", "prod-notification-events", "prod-post-events");
		}
		assertThat(topology.destinationsOf("DataExportRequested")).containsExactly("prod-post-events");
		assertThat(topology.destinationsOf("DataExportReady")).containsExactly("prod-notification-events",
				"prod-user-events");
		assertThat(topology.destinationsOf("DataExportFailed")).containsExactly("prod-user-events");
		Set<String> exports = Set.of("DataExportRequested", "DataExportReady", "DataExportFailed");
		for (String type : EventCodec.knownTypes()) {
			if (!toUsers.contains(type) && !toUsersAndPosts.contains(type) && !toPosts.contains(type)
					&& !exports.contains(type)) {
				assertThat(topology.destinationsOf(type)).as(type)
					.containsExactly("prod-feed-events", "prod-notification-events");
			}
		}
	}

	@Test
	void anEmptySubscriptionMapMeansTheDefaults() {
		EventTopology topology = new EventTopology(properties("", Map.of()));

		assertThat(topology.queues()).containsExactlyElementsOf(EventTopology.DEFAULT_QUEUES);
		assertThat(EventTopology.DEFAULT_QUEUES).containsExactly("feed-events", "notification-events", "user-events",
				"post-events");
	}

	@Test
	void configuredSubscriptionsReplaceTheDefaults() {
		EventTopology topology = new EventTopology(
				properties("test-", Map.of("audit-events", List.of("UserRegistered", "PostDeleted"))));

		assertThat(topology.queues()).containsExactly("test-audit-events");
		assertThat(topology.destinationsOf("PostDeleted")).containsExactly("test-audit-events");
		assertThat(topology.destinationsOf("PostPublished")).isEmpty();
	}

	@Test
	void refusesASubscriptionToAnUnknownEvent() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventTopology(properties("", Map.of("feed-events", List.of("PostLiked")))))
			.withMessageContaining("PostLiked");
	}

	private static EventProperties properties(String prefix, Map<String, List<String>> subscriptions) {
		return new EventProperties(prefix, subscriptions, true, 5, Duration.ofSeconds(30),
				new EventProperties.Relay(true, 100, Duration.ofMillis(250), Duration.ofSeconds(1),
						Duration.ofSeconds(30), Duration.ofHours(24)));
	}

}

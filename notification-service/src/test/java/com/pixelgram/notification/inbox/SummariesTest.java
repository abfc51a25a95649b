package com.pixelgram.notification.inbox;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummariesTest {

	@Test
	void namesTheNewestLikerAndCountsTheOthers() {
		assertThat(Summaries.of(NotificationType.LIKE, List.of("alice"), 1, null)).isEqualTo("alice liked your post");
		assertThat(Summaries.of(NotificationType.LIKE, List.of("alice", "bob"), 2, null))
			.isEqualTo("alice and bob liked your post");
		assertThat(Summaries.of(NotificationType.LIKE, List.of("alice", "bob", "carol"), 13, null))
			.isEqualTo("alice and 12 others liked your post");
	}

	@Test
	void readsAsSomeoneWhenTheUsernameIsUnknown() {
		assertThat(Summaries.of(NotificationType.LIKE, Arrays.asList(null, "bob"), 2, null))
			.isEqualTo("Someone and bob liked your post");
		assertThat(Summaries.of(NotificationType.LIKE, Arrays.asList("alice", null), 2, null))
			.isEqualTo("alice and 1 other liked your post");
		assertThat(Summaries.of(NotificationType.FOLLOW, Arrays.asList((String) null), 1, null))
			.isEqualTo("Someone started following you");
	}

	@Test
	void shortensLongComments() {
		String summary = Summaries.of(NotificationType.COMMENT, List.of("dan"), 1, "x".repeat(500));

		assertThat(summary).startsWith("dan commented: xxx").endsWith("…").hasSize("dan commented: ".length() + 100);
	}

	@Test
	void saysWhereAMentionIs() {
		assertThat(Summaries.of(NotificationType.MENTION, List.of("eve"), 1, null))
			.isEqualTo("eve mentioned you in a post");
		assertThat(Summaries.of(NotificationType.MENTION, List.of("eve"), 1, "hey @you"))
			.isEqualTo("eve mentioned you in a comment: hey @you");
	}

}

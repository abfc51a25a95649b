package com.pixelgram.feed.read;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewestFirstTest {

	@Test
	void theTwoSourcesMergeNewestFirstWithEachPostOnce() {
		long[] merged = FeedReader.newestFirst(List.of(90L, 70L, 50L, 10L), List.of(80L, 70L, 60L, 20L, 10L));

		assertThat(merged).containsExactly(90, 80, 70, 60, 50, 20, 10);
	}

	@Test
	void eitherSourceMayBeEmpty() {
		assertThat(FeedReader.newestFirst(List.of(), List.of(3L, 1L, 2L))).containsExactly(3, 2, 1);
		assertThat(FeedReader.newestFirst(List.of(5L, 5L), List.of())).containsExactly(5);
		assertThat(FeedReader.newestFirst(List.of(), List.of())).isEmpty();
	}

	@Test
	void anOlderPageMergesTheTwoSourcesBelowTheCursorWithEachPostOnce() {
		// Both reads start at the cursor's millisecond: the cursor's post (70) and a
		// newer one of that millisecond (75) were on a page before.
		long[] merged = FeedReader.newestFirstBefore(List.of(75L, 70L, 50L, 30L, 10L), List.of(70L, 60L, 30L, 20L), 70);

		assertThat(merged).containsExactly(60, 50, 30, 20, 10);
	}

	@Test
	void anOlderPageMayHaveNothingBelowTheCursor() {
		assertThat(FeedReader.newestFirstBefore(List.of(75L, 70L), List.of(70L), 70)).isEmpty();
		assertThat(FeedReader.newestFirstBefore(List.of(), List.of(), 70)).isEmpty();
		assertThat(FeedReader.newestFirstBefore(List.of(40L), List.of(), 70)).containsExactly(40);
	}

}

package com.pixelgram.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessBenchmarkTest {

	@Test
	void summarisesPercentilesMaxAndFailures() {
		List<Double> millis = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			millis.add((double) i);
		}

		assertThat(FreshnessBenchmark.summary(millis, 3, 1, 203, 210, 7))
			.isEqualTo("feed_fresh samples=200 p50=100.0 p95=190.0 p99=198.0 max=200.0 failures=3 not_ready=1 "
					+ "attempted=203 planned=210 poll_errors=7");
	}

	@Test
	void aRunWithoutSamplesSaysSo() {
		assertThat(FreshnessBenchmark.summary(List.of(), 8, 0, 8, 200, 0)).isEqualTo(
				"feed_fresh samples=0 p50=- p95=- p99=- max=- failures=8 not_ready=0 attempted=8 planned=200 poll_errors=0");
	}

	@Test
	void aSampleIsFromReadyToVisibleClampedAtZeroAndFailsWhenEitherWasNotSeen() {
		assertThat(FreshnessBenchmark.sampleMillis(1_000_000, 251_000_000)).isEqualTo(250.0);
		assertThat(FreshnessBenchmark.sampleMillis(300_000_000, 280_000_000)).isZero();
		assertThat(FreshnessBenchmark.sampleMillis(-1, 280_000_000)).isEqualTo(FreshnessBenchmark.NOT_READY);
		assertThat(FreshnessBenchmark.sampleMillis(-1, -1)).isEqualTo(FreshnessBenchmark.NOT_READY);
		assertThat(FreshnessBenchmark.sampleMillis(1_000_000, -1)).isEqualTo(FreshnessBenchmark.NOT_VISIBLE);
	}

	@Test
	void findsThePostOnAPageByItsStringId() {
		String page = """
				{"posts":[{"post_id":"246282853766136832","author":{"user_id":"246282853766136999","username":"a"},\
				"caption":"post_id 246282853766136833"},{"post_id" : "246282853766136834"}]}""";

		assertThat(FreshnessBenchmark.pageHolds(page, 246282853766136832L)).isTrue();
		assertThat(FreshnessBenchmark.pageHolds(page, 246282853766136834L)).isTrue();
		assertThat(FreshnessBenchmark.pageHolds(page, 246282853766136833L)).isFalse();
		assertThat(FreshnessBenchmark.pageHolds(page, 246282853766136999L)).isFalse();
		assertThat(FreshnessBenchmark.pageHolds(page, 24628285376613683L)).isFalse();
	}

	@Test
	void pollsUntilTheCheckPassesOrTheDeadline() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		long start = System.nanoTime();

		long passed = FreshnessBenchmark.pollUntil(start + TimeUnit.SECONDS.toNanos(5), Duration.ofMillis(10),
				() -> calls.incrementAndGet() == 3);

		assertThat(calls).hasValue(3);
		assertThat(passed - start).isBetween(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(5));

		calls.set(0);
		long never = FreshnessBenchmark.pollUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100),
				Duration.ofMillis(10), () -> calls.incrementAndGet() < 0);

		assertThat(never).isEqualTo(-1);
		assertThat(calls.get()).isBetween(2, 12);
	}

}

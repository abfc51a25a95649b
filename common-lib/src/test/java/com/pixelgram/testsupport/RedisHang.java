package com.pixelgram.testsupport;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.pixelgram.testsupport.embedded.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a service whose cache Postgres backs must do while its Redis hangs: answer every
 * read, each within a bound while its breaker still tries Redis, then quickly once the
 * breaker has opened, and close the breaker again once Redis answers.
 */
public final class RedisHang {

	/** A read while the breaker is open does not ask Redis at all. */
	private static final long OPEN_READ_MILLIS = 400;

	private RedisHang() {
	}

	/**
	 * Hangs the Redis for {@code duration} and checks the reads through it.
	 * @param read one checked read, returning how long it took in milliseconds
	 * @param breakerIs whether the cache's breaker is in the state named ("open",
	 * "closed")
	 * @param closedReadMillis the longest a read may take before the breaker opens
	 * @param closedReads the most reads it may take the breaker to open
	 */
	public static void servesThrough(EmbeddedRedisServer redis, Duration duration, LongSupplier read,
			Predicate<String> breakerIs, long closedReadMillis, int closedReads) {
		redis.hang(duration);

		int reads = 0;
		while (!breakerIs.test("open") && reads < closedReads) {
			assertThat(read.getAsLong()).as("a read while the breaker is closed, in ms").isLessThan(closedReadMillis);
			reads++;
		}
		assertThat(breakerIs.test("open")).as("the breaker opened after %d reads", reads).isTrue();
		for (int i = 0; i < 3; i++) {
			assertThat(read.getAsLong()).as("a read while the breaker is open, in ms").isLessThan(OPEN_READ_MILLIS);
		}

		// once Redis answers again, trial reads close the breaker
		await().atMost(duration.plusSeconds(12))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> read.getAsLong() >= 0 && breakerIs.test("closed"));
	}

}

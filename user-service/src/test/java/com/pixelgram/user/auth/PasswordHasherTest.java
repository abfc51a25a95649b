package com.pixelgram.user.auth;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.pixelgram.web.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PasswordHasherTest {

	private static final long MIB = 1024 * 1024;

	@Test
	void derivesTheLimitFromTheHeapUnlessOneIsConfigured() {
		PasswordProperties derived = new PasswordProperties(0, 0.25, Duration.ofSeconds(2), Duration.ofSeconds(1));

		// A quarter of the heap over the 19 MiB one Argon2 run holds.
		assertThat(derived.concurrentHashes(512 * MIB)).isEqualTo(6);
		assertThat(derived.concurrentHashes(4096 * MIB)).isEqualTo(53);
		assertThat(derived.concurrentHashes(32 * MIB)).isEqualTo(1);
		assertThat(new PasswordProperties(3, 0.25, Duration.ofSeconds(2), Duration.ofSeconds(1))
			.concurrentHashes(4096 * MIB)).isEqualTo(3);
	}

	@Test
	void textWithALoneSurrogateMatchesNoHashInsteadOfFailing() {
		PasswordHasher hasher = new PasswordHasher(new PasswordConfiguration().passwordEncoder(),
				new PasswordProperties(1, 0.25, Duration.ofSeconds(2), Duration.ofSeconds(1)),
				new SimpleMeterRegistry());
		String hash = hasher.encode("pass\uD83D\uDE00word");

		assertThat(hasher.matches("pass\uD83D\uDE00word", hash)).isTrue();
		assertThat(hasher.matches("pass\uD83Dword", hash)).isFalse();
		assertThat(hasher.matches("pass\uDE00word", hash)).isFalse();
		assertThat(hasher.matches("\uD83D", hash)).isFalse();
	}

	@Test
	void refusesWith503AndRetryAfterWhenEverySlotStaysBusyPastTheWait() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		PasswordHasher hasher = new PasswordHasher(new PasswordConfiguration().passwordEncoder(),
				new PasswordProperties(1, 0.25, Duration.ofMillis(1), Duration.ofSeconds(3)), registry);
		String hash = hasher.encode("correct horse battery");
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			// Keeps the one slot busy with real Argon2 runs, one after the other.
			Future<?> busy = executor.submit(() -> {
				while (running.get()) {
					try {
						hasher.matches("correct horse battery", hash);
					}
					catch (ApiException ex) {
						// The other side took the slot between two runs.
					}
				}
			});
			ApiException refused = null;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (refused == null && System.nanoTime() < deadline) {
				refused = catchThrowableOfType(ApiException.class, () -> hasher.matches("not the password", hash));
			}
			running.set(false);
			busy.get(10, TimeUnit.SECONDS);

			assertThat(refused).isNotNull();
			assertThat(refused.getStatus().value()).isEqualTo(503);
			assertThat(refused.getSlug()).isEqualTo("service-unavailable");
			assertThat(refused.getHeaders()).containsEntry("Retry-After", "3");
			assertThat(registry.get("pixelgram.passwords.rejected").counter().count()).isPositive();
			assertThat(registry.get("pixelgram.passwords.busy").gauge().value()).isZero();
			assertThat(hasher.matches("correct horse battery", hash)).isTrue();
		}
		finally {
			running.set(false);
			executor.shutdownNow();
		}
	}

}

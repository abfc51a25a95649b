package com.pixelgram.shard;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeteredLockProviderTest {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final Set<String> held = new HashSet<>();

	/** Grants a lock while nobody holds it. */
	private final LockProvider delegate = (configuration) -> {
		if (!this.held.add(configuration.getName())) {
			return Optional.empty();
		}
		SimpleLock lock = () -> this.held.remove(configuration.getName());
		return Optional.of(lock);
	};

	private final MeteredLockProvider locks = new MeteredLockProvider(this.delegate, this.registry);

	@Test
	void countsEachAttemptByJobAndOutcomeAndHandsBackTheDelegatesLock() {
		Optional<SimpleLock> first = this.locks.lock(lock("sweep"));
		Optional<SimpleLock> second = this.locks.lock(lock("sweep"));
		this.locks.lock(lock("reconcile"));

		assertThat(first).isPresent();
		assertThat(second).isEmpty();
		assertThat(count("sweep", "acquired")).isEqualTo(1);
		assertThat(count("sweep", "busy")).isEqualTo(1);
		assertThat(count("reconcile", "acquired")).isEqualTo(1);
		assertThat(this.registry.find(MeteredLockProvider.METRIC).tags("job", "reconcile", "outcome", "busy").counter())
			.isNull();

		first.get().unlock();
		assertThat(this.locks.lock(lock("sweep"))).isPresent();
		assertThat(count("sweep", "acquired")).isEqualTo(2);
		assertThat(count("sweep", "busy")).isEqualTo(1);
	}

	private double count(String job, String outcome) {
		return this.registry.get(MeteredLockProvider.METRIC).tags("job", job, "outcome", outcome).counter().count();
	}

	private static LockConfiguration lock(String name) {
		return new LockConfiguration(Instant.now(), name, Duration.ofMinutes(1), Duration.ZERO);
	}

}

package com.pixelgram.shard;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Counts every attempt of a replica to take a scheduled job's lock in {@value #METRIC},
 * tagged with the lock's name ({@code job}) and {@code outcome}: {@code acquired} (this
 * replica runs the job) or {@code busy} (another run holds it, or held it less than the
 * job's interval ago, so this replica skips it). Summed over the replicas,
 * {@code acquired} grows by one per job interval.
 */
public class MeteredLockProvider implements LockProvider {

	/** The counter of lock attempts. */
	public static final String METRIC = "pixelgram.scheduled.locks";

	private final LockProvider delegate;

	private final MeterRegistry registry;

	private final Map<String, Counter> acquired = new ConcurrentHashMap<>();

	private final Map<String, Counter> busy = new ConcurrentHashMap<>();

	public MeteredLockProvider(LockProvider delegate, MeterRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public Optional<SimpleLock> lock(LockConfiguration lockConfiguration) {
		Optional<SimpleLock> lock = this.delegate.lock(lockConfiguration);
		String job = lockConfiguration.getName();
		if (lock.isPresent()) {
			this.acquired.computeIfAbsent(job, (name) -> counter(name, "acquired")).increment();
		}
		else {
			this.busy.computeIfAbsent(job, (name) -> counter(name, "busy")).increment();
		}
		return lock;
	}

	private Counter counter(String job, String outcome) {
		return Counter.builder(METRIC)
			.description("Attempts of this replica to take a scheduled job's lock: acquired runs the job, "
					+ "busy skips it")
			.tag("job", job)
			.tag("outcome", outcome)
			.register(this.registry);
	}

}

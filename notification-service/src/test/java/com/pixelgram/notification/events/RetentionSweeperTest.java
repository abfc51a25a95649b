package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.pixelgram.notification.NotificationIntegrationTest;
import com.pixelgram.notification.NotificationServiceApplication;
import com.pixelgram.shard.MeteredLockProvider;
import com.pixelgram.testsupport.Replicas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The retention sweep forgets old processed events, on one replica once per interval. */
class RetentionSweeperTest extends NotificationIntegrationTest {

	@Autowired
	RetentionSweeper sweeper;

	@Autowired
	LockProvider locks;

	@Value("${pixelgram.notification.sweep-interval}")
	Duration interval;

	@Autowired
	ApplicationContext context;

	@Test
	void forgetsProcessedEventsPastRetentionAndKeepsRecentOnes() {
		UUID old = processedAgo(Duration.ofDays(30));
		UUID recent = processedAgo(Duration.ofHours(1));

		this.sweeper.sweep();

		assertThat(isRemembered(old)).isFalse();
		assertThat(isRemembered(recent)).isTrue();
	}

	@Test
	void doesNothingWhileAnotherReplicaHoldsItsLock() {
		releaseLock();
		UUID old = processedAgo(Duration.ofDays(30));
		Optional<SimpleLock> heldElsewhere = this.locks
			.lock(new LockConfiguration(Instant.now(), RetentionSweeper.LOCK, Duration.ofMinutes(1), Duration.ZERO));
		assertThat(heldElsewhere).isPresent();

		this.sweeper.scheduledRun();
		boolean whileLocked = isRemembered(old);
		heldElsewhere.get().unlock();
		this.sweeper.scheduledRun();

		assertThat(whileLocked).isTrue();
		assertThat(isRemembered(old)).isFalse();
	}

	@Test
	void runsOncePerIntervalAcrossReplicas() {
		releaseLock();
		this.sweeper.scheduledRun();

		// Another replica's schedule, on its own phase, finds the finished run's lock.
		assertThat(this.locks
			.lock(new LockConfiguration(Instant.now(), RetentionSweeper.LOCK, Duration.ofMinutes(1), Duration.ZERO)))
			.isEmpty();
		UUID old = processedAgo(Duration.ofDays(30));
		this.sweeper.scheduledRun();
		assertThat(isRemembered(old)).as("a second run within the interval").isTrue();
		Double heldSeconds = this.shards.readGlobal(() -> this.shards.jdbc()
			.sql("SELECT extract(epoch FROM lock_until - locked_at) FROM shedlock WHERE name = :name")
			.param("name", RetentionSweeper.LOCK)
			.query(Double.class)
			.single());
		assertThat(heldSeconds).isEqualTo(this.interval.toSeconds(), within(1.0));
		releaseLock();
	}

	@Test
	void twoReplicasSweepingInTurnSweepOnceAndCountWhoDid() {
		releaseLock();
		double acquiredBefore = lockAttempts(this.context, "acquired");
		double busyBefore = lockAttempts(this.context, "busy");
		try (ConfigurableApplicationContext second = Replicas.another(this.context,
				NotificationServiceApplication.class)) {
			List<ApplicationContext> replicas = List.of(second, this.context);
			for (int round = 0; round < 2; round++) {
				replicas.forEach((replica) -> replica.getBean(RetentionSweeper.class).scheduledRun());
			}

			assertThat(lockAttempts(second, "acquired")).as("the replica that came first").isEqualTo(1);
			assertThat(lockAttempts(second, "busy")).isEqualTo(1);
			assertThat(lockAttempts(this.context, "acquired") - acquiredBefore).isZero();
			assertThat(lockAttempts(this.context, "busy") - busyBefore).isEqualTo(2);
		}
		releaseLock();
	}

	private static double lockAttempts(ApplicationContext replica, String outcome) {
		Counter counter = replica.getBean(MeterRegistry.class)
			.find(MeteredLockProvider.METRIC)
			.tags("job", RetentionSweeper.LOCK, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * Ends the lock a previous run holds for the interval, keeping the row ShedLock made.
	 */
	private void releaseLock() {
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("UPDATE shedlock SET lock_until = locked_at WHERE name = :name")
			.param("name", RetentionSweeper.LOCK)
			.update());
	}

	private UUID processedAgo(Duration age) {
		UUID eventId = UUID.randomUUID();
		this.shards.write(0,
				() -> this.shards.jdbc()
					.sql("INSERT INTO processed_event (consumer, event_id, processed_at) "
							+ "VALUES (:consumer, :id, now() - make_interval(secs => :seconds))")
					.param("consumer", NotificationEventListener.CONSUMER)
					.param("id", eventId)
					.param("seconds", (double) age.toSeconds())
					.update());
		return eventId;
	}

	private boolean isRemembered(UUID eventId) {
		return this.shards.read(0,
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM processed_event WHERE consumer = :consumer AND event_id = :id")
					.param("consumer", NotificationEventListener.CONSUMER)
					.param("id", eventId)
					.query(Long.class)
					.single()) == 1;
	}

}

package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.pixelgram.notification.NotificationIntegrationTest;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention sweep forgets old processed events, on one replica at a time. */
class RetentionSweeperTest extends NotificationIntegrationTest {

	@Autowired
	RetentionSweeper sweeper;

	@Autowired
	LockProvider locks;

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
		UUID old = processedAgo(Duration.ofDays(30));
		Optional<SimpleLock> heldElsewhere = this.locks
			.lock(new LockConfiguration(Instant.now(), RetentionSweeper.LOCK, Duration.ofMinutes(1), Duration.ZERO));
		assertThat(heldElsewhere).isPresent();

		this.sweeper.sweep();
		boolean whileLocked = isRemembered(old);
		heldElsewhere.get().unlock();
		this.sweeper.sweep();

		assertThat(whileLocked).isTrue();
		assertThat(isRemembered(old)).isFalse();
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

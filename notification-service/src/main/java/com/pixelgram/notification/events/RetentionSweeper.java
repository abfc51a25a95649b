package com.pixelgram.notification.events;

import com.pixelgram.notification.NotificationProperties;
import com.pixelgram.notification.inbox.Inbox;
import com.pixelgram.shard.Shards;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets tombstones and processed-event records once no copy of their event can still
 * arrive. One replica runs it once per interval (ShedLock, in the global schema, the lock
 * held for the interval): the deletes are idempotent, but every replica scanning every
 * shard each hour would multiply the work for nothing.
 */
@Component
class RetentionSweeper {

	private final Shards shards;

	private final Inbox inbox;

	private final NotificationProperties properties;

	RetentionSweeper(Shards shards, Inbox inbox, NotificationProperties properties) {
		this.shards = shards;
		this.inbox = inbox;
		this.properties = properties;
	}

	static final String LOCK = "notification-retention-sweep";

	@Scheduled(initialDelayString = "${pixelgram.notification.sweep-interval}",
			fixedDelayString = "${pixelgram.notification.sweep-interval}")
	@SchedulerLock(name = LOCK, lockAtLeastFor = "${pixelgram.notification.sweep-interval}",
			lockAtMostFor = "${pixelgram.notification.sweep-interval}")
	void scheduledRun() {
		sweep();
	}

	void sweep() {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			this.inbox.sweepWithdrawals(shard, this.properties.tombstoneRetention());
			this.shards.write(shard,
					() -> this.shards.jdbc()
						.sql("DELETE FROM processed_event WHERE consumer = :consumer "
								+ "AND processed_at < now() - make_interval(secs => :seconds)")
						.param("consumer", NotificationEventListener.CONSUMER)
						.param("seconds", (double) this.properties.tombstoneRetention().toSeconds())
						.update());
		}
	}

}

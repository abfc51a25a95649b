package com.pixelgram.post.upload;

import com.pixelgram.post.PostProperties;
import com.pixelgram.shard.Shards;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes expired {@code Idempotency-Key}s, shard by shard, on one instance once per
 * interval.
 */
@Component
class IdempotencyKeySweeper {

	private final Shards shards;

	private final IdempotencyRepository keys;

	private final PostProperties properties;

	IdempotencyKeySweeper(Shards shards, IdempotencyRepository keys, PostProperties properties) {
		this.shards = shards;
		this.keys = keys;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${pixelgram.post.idempotency-sweep-interval}",
			initialDelayString = "${pixelgram.post.idempotency-sweep-interval}")
	@SchedulerLock(name = "idempotency-key-sweep", lockAtLeastFor = "${pixelgram.post.idempotency-sweep-interval}",
			lockAtMostFor = "${pixelgram.post.idempotency-sweep-interval}")
	public void scheduledRun() {
		sweep();
	}

	public void sweep() {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			this.shards.write(shard, () -> this.keys.deleteExpired(this.properties.idempotencyRetention()));
		}
	}

}

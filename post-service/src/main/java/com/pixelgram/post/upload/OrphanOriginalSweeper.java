package com.pixelgram.post.upload;

import java.util.List;

import com.pixelgram.post.media.MediaProperties;
import com.pixelgram.post.media.MediaStorage;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the originals of uploads that never committed their post (the process died
 * between storing the image and the commit, or the commit failed and so did the immediate
 * delete), shard by shard, on one instance once per interval. Counts them in
 * {@code pixelgram.media.orphans.deleted}.
 */
@Component
class OrphanOriginalSweeper {

	private static final Logger log = LoggerFactory.getLogger(OrphanOriginalSweeper.class);

	static final String METRIC = "pixelgram.media.orphans.deleted";

	private final Shards shards;

	private final PendingOriginalRepository pending;

	private final MediaStorage storage;

	private final MediaProperties.OrphanSweep settings;

	private final Counter deleted;

	OrphanOriginalSweeper(Shards shards, PendingOriginalRepository pending, MediaStorage storage,
			MediaProperties properties, MeterRegistry meters) {
		this.shards = shards;
		this.pending = pending;
		this.storage = storage;
		this.settings = properties.orphanSweep();
		this.deleted = Counter.builder(METRIC)
			.description("Originals deleted because their upload never committed its post")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pixelgram.media.orphan-sweep.interval}",
			initialDelayString = "${pixelgram.media.orphan-sweep.interval}")
	@SchedulerLock(name = "orphan-original-sweep", lockAtLeastFor = "${pixelgram.media.orphan-sweep.interval}",
			lockAtMostFor = "${pixelgram.media.orphan-sweep.interval}")
	public void scheduledRun() {
		sweep();
	}

	public void sweep() {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			try {
				sweep(shard);
			}
			catch (RuntimeException ex) {
				// The rows were rolled back with the failure: the next run tries again.
				log.warn("Deleting orphaned originals of shard {} failed: {}", shard, ex.toString());
			}
		}
	}

	private void sweep(int shard) {
		int swept;
		do {
			swept = this.shards.write(shard, () -> {
				// The rows stay locked until their objects are gone, so an upload that
				// outlived the grace period cannot commit a post whose original is being
				// deleted.
				List<String> mediaKeys = this.pending.removeExpired(this.settings.grace(), this.settings.batchSize());
				mediaKeys.forEach(this.storage::deleteAll);
				return mediaKeys.size();
			});
			this.deleted.increment(swept);
		}
		while (swept == this.settings.batchSize());
	}

}

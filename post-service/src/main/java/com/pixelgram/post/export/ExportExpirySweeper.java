package com.pixelgram.post.export;

import java.util.List;

import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes export zips from the bucket when their download window ends
 * ({@code pixelgram.post.export.retention} after they were made, when user-service starts
 * showing the export EXPIRED), on one instance once per interval. The zips are leased in
 * batches like builds, deleted from S3, then forgotten by their job, each step
 * repeatable: a run cut short leaves its lease to pass, and the next run deletes the same
 * keys again. The job row itself goes later, with the other finished jobs. Counts the
 * deletions in {@code pixelgram.exports.expired}.
 */
@Component
class ExportExpirySweeper {

	private static final Logger log = LoggerFactory.getLogger(ExportExpirySweeper.class);

	static final String METRIC = "pixelgram.exports.expired";

	private final Shards shards;

	private final ExportJobRepository jobs;

	private final ExportStorage storage;

	private final ExportProperties properties;

	private final Counter expired;

	ExportExpirySweeper(Shards shards, ExportJobRepository jobs, ExportStorage storage, ExportProperties properties,
			MeterRegistry meters) {
		this.shards = shards;
		this.jobs = jobs;
		this.storage = storage;
		this.properties = properties;
		this.expired = Counter.builder(METRIC)
			.description("Data-export zips deleted from the bucket when their download window ended")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pixelgram.post.export.expiry-sweep-interval}",
			initialDelayString = "${pixelgram.post.export.expiry-sweep-interval}")
	@SchedulerLock(name = "data-export-expiry", lockAtLeastFor = "${pixelgram.post.export.expiry-sweep-interval}",
			lockAtMostFor = "${pixelgram.post.export.expiry-sweep-interval}")
	public void scheduledRun() {
		sweep();
	}

	/**
	 * Deletes every zip past its retention.
	 * @return zips deleted
	 */
	int sweep() {
		int deleted = 0;
		for (PhysicalDatabase database : this.shards.databases()) {
			List<Integer> holding;
			try {
				holding = this.jobs.shardsWithExpiredZips(database, this.properties.retention());
			}
			catch (RuntimeException ex) {
				log.warn("Looking for expired export zips in database {} failed: {}", database.name(), ex.toString());
				continue;
			}
			for (int shard : holding) {
				try {
					deleted += sweep(shard);
				}
				catch (RuntimeException ex) {
					// Leased zips come back when their lease passes.
					log.warn("Deleting expired export zips of shard {} failed: {}", shard, ex.toString());
				}
			}
		}
		return deleted;
	}

	private int sweep(int shard) {
		int deleted = 0;
		List<ExportJobRepository.ExpiredZip> batch;
		do {
			batch = this.shards.write(shard, () -> this.jobs.leaseExpired(this.properties.retention(),
					this.properties.lease(), this.properties.expiryBatchSize()));
			for (ExportJobRepository.ExpiredZip zip : batch) {
				this.storage.delete(zip.objectKey());
				this.shards.write(shard, () -> this.jobs.forgetZip(zip.exportId(), zip.objectKey()));
				this.expired.increment();
				deleted++;
				log.info("Export {} of user {} expired: zip deleted", zip.exportId(), zip.userId());
			}
		}
		while (batch.size() == this.properties.expiryBatchSize());
		return deleted;
	}

}

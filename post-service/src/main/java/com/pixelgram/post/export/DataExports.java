package com.pixelgram.post.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.pixelgram.events.DataExportFailed;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.DataExportRequested;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.jobs.LeasedJobs;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Builds data exports. A request is recorded as a job in the user's shard (once per
 * export, however often the event arrives) and handed to a small pool; a poller takes the
 * jobs a full pool, a crash or a failed try left ({@link LeasedJobs}). A try writes the
 * zip to a temporary file, uploads it, then marks the job READY and publishes
 * {@code DataExportReady} in one transaction; a failed try is retried with back-off, and
 * the last one marks the job FAILED with {@code DataExportFailed}. Every step can be
 * repeated: the upload replaces the same key, and only a PENDING job can be finished.
 */
@Component
public class DataExports implements SmartLifecycle, LeasedJobs.Handler<ExportJob> {

	private static final Logger log = LoggerFactory.getLogger(DataExports.class);

	private final Shards shards;

	private final ExportJobRepository jobs;

	private final ExportArchive archive;

	private final ExportStorage storage;

	private final EventPublisher events;

	private final JsonMapper json;

	private final ExportProperties properties;

	private final LeasedJobs.Retries retries;

	private final LeasedJobs<ExportJob> worker;

	private final Counter ready;

	private final Counter failed;

	private final Counter retried;

	DataExports(Shards shards, ExportJobRepository jobs, ExportArchive archive, ExportStorage storage,
			EventPublisher events, JsonMapper json, ExportProperties properties, MeterRegistry meters) {
		this.shards = shards;
		this.jobs = jobs;
		this.archive = archive;
		this.storage = storage;
		this.events = events;
		this.json = json;
		this.properties = properties;
		this.retries = LeasedJobs.Retries.upTo(properties.maxAttempts(), properties.retryBackoff(), false);
		// At shutdown a build is cut short at once: it keeps its lease, and the next
		// instance takes it when the lease passes.
		this.worker = new LeasedJobs<>(shards, jobs, this, new LeasedJobs.Settings("export", properties.poolSize(),
				properties.lease(), properties.pollInterval(), Duration.ZERO));
		this.ready = outcome(meters, "ready");
		this.failed = outcome(meters, "failed");
		this.retried = outcome(meters, "retried");
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("pixelgram.exports.builds")
			.description("Tries of data-export builds, by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Records a requested export (nothing for an erased account, nothing again for a
	 * redelivery) and starts building it if the pool has room.
	 */
	public void requested(DataExportRequested request) {
		int shard = this.shards.shardOf(request.userId());
		String profile = this.json.writeValueAsString(request.profile());
		Instant requestedAt = (request.requestedAt() != null) ? request.requestedAt() : Instant.now();
		boolean recorded = this.shards.write(shard, () -> !this.jobs.erased(request.userId())
				&& this.jobs.insert(request.exportId(), request.userId(), profile, requestedAt));
		if (recorded) {
			this.worker.submit(shard, (lease) -> this.jobs.claim(request.exportId(), lease));
		}
	}

	/**
	 * Erases the user's exports: their jobs, then every zip. A build still running finds
	 * its job gone and deletes what it uploaded.
	 * @return zips deleted
	 */
	public int forget(long userId) {
		this.shards.write(this.shards.shardOf(userId), () -> this.jobs.deleteOfUser(userId));
		return this.storage.deleteAllOf(userId);
	}

	@Override
	public void start() {
		this.worker.start();
	}

	@Override
	public void stop() {
		this.worker.stop();
	}

	@Override
	public boolean isRunning() {
		return this.worker.isRunning();
	}

	/** {@link #removeFinished()} on one replica once an hour. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	@SchedulerLock(name = "data-export-job-cleanup", lockAtLeastFor = "PT1H", lockAtMostFor = "PT1H")
	public void scheduledCleanup() {
		removeFinished();
	}

	/** Removes finished jobs once no redelivery of their request can come any more. */
	public void removeFinished() {
		Instant cutoff = Instant.now().minus(this.properties.keepFinished());
		for (int shard = 0; shard < this.shards.count(); shard++) {
			this.shards.write(shard, () -> this.jobs.deleteFinishedBefore(cutoff));
		}
	}

	/** One try of a build; throws for a try to retry. */
	@Override
	public String work(int shard, ExportJob job) throws IOException {
		Path file = null;
		try {
			if (this.shards.read(shard, () -> this.jobs.erased(job.userId()))) {
				this.shards.write(shard, () -> this.jobs.deleteOfUser(job.userId()));
				return null;
			}
			file = Files.createTempFile("pixelgram-export-" + job.exportId() + "-", ".zip");
			this.archive.write(job, file);
			String key = this.properties.objectKey(job.userId(), job.exportId());
			this.storage.upload(key, file);
			long size = Files.size(file);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			boolean finished = this.shards.write(shard, () -> {
				if (!this.jobs.finish(job.exportId(), "READY", key, null, now)) {
					return false;
				}
				this.events.publish(new DataExportReady(job.exportId(), job.userId(), key, size, now));
				return true;
			});
			if (!finished) {
				// The account was erased while the zip was being built.
				this.storage.delete(key);
				return null;
			}
			log.info("Export {} of user {} stored: {} bytes", job.exportId(), job.userId(), size);
			return "ready";
		}
		finally {
			deleteQuietly(file);
		}
	}

	/** FAILED with {@code DataExportFailed}, in one transaction. */
	@Override
	public String giveUp(int shard, ExportJob job, Throwable failure) {
		String error = error(failure);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(shard, () -> {
			if (this.jobs.finish(job.exportId(), "FAILED", null, error, now)) {
				this.events.publish(new DataExportFailed(job.exportId(), job.userId(),
						"gave up after " + job.attempts() + " tries: " + truncate(error), now));
			}
		});
		return "failed";
	}

	@Override
	public LeasedJobs.Retries retries(ExportJob job) {
		return this.retries;
	}

	@Override
	public void record(ExportJob job, String outcome, Duration took) {
		switch (outcome) {
			case "ready" -> this.ready.increment();
			case "failed" -> this.failed.increment();
			default -> this.retried.increment();
		}
	}

	@Override
	public String describe(ExportJob job) {
		return "export " + job.exportId() + " of user " + job.userId();
	}

	@Override
	public String error(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	private static String truncate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) : text;
	}

	private static void deleteQuietly(Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Temporary export file {} not deleted: {}", file, ex.toString());
		}
	}

}

package com.pixelgram.post.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.events.DataExportFailed;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.DataExportRequested;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.PhysicalDatabase;
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
 * jobs a full pool, a crash or a failed try left. A try writes the zip to a temporary
 * file, uploads it, then marks the job READY and publishes {@code DataExportReady} in one
 * transaction; a failed try is retried with back-off, and the last one marks the job
 * FAILED with {@code DataExportFailed}. Every step can be repeated: the upload replaces
 * the same key, and only a PENDING job can be finished.
 */
@Component
public class DataExports implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DataExports.class);

	private final Shards shards;

	private final ExportJobRepository jobs;

	private final ExportArchive archive;

	private final ExportStorage storage;

	private final EventPublisher events;

	private final JsonMapper json;

	private final ExportProperties properties;

	private final Semaphore permits;

	private final Counter ready;

	private final Counter failed;

	private final Counter retried;

	private volatile ExecutorService pool;

	private volatile ScheduledExecutorService poller;

	private volatile boolean running;

	DataExports(Shards shards, ExportJobRepository jobs, ExportArchive archive, ExportStorage storage,
			EventPublisher events, JsonMapper json, ExportProperties properties, MeterRegistry meters) {
		this.shards = shards;
		this.jobs = jobs;
		this.archive = archive;
		this.storage = storage;
		this.events = events;
		this.json = json;
		this.properties = properties;
		this.permits = new Semaphore(properties.poolSize());
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
			submit(shard, request.exportId());
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
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.properties.poolSize(), (task) -> {
			Thread thread = new Thread(task, "export-worker-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "export-job-poller");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		long interval = this.properties.pollInterval().toMillis();
		this.poller.scheduleWithFixedDelay(this::pollSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.poller.shutdownNow();
		// A build cut short keeps its lease; the next instance takes it when it passes.
		this.pool.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Removes finished jobs once no redelivery of their request can come any more. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	@SchedulerLock(name = "data-export-job-cleanup")
	public void removeFinished() {
		Instant cutoff = Instant.now().minus(this.properties.keepFinished());
		for (int shard = 0; shard < this.shards.count(); shard++) {
			this.shards.write(shard, () -> this.jobs.deleteFinishedBefore(cutoff));
		}
	}

	/** Claims due jobs of every shard while the pool has room; visible for tests. */
	void poll() {
		for (PhysicalDatabase database : this.shards.databases()) {
			for (int shard : this.jobs.shardsWithDueJobs(database)) {
				while (this.running && this.permits.tryAcquire()) {
					Optional<ExportJob> job = this.shards.write(shard,
							() -> this.jobs.claimNext(this.properties.lease()));
					if (job.isEmpty()) {
						this.permits.release();
						break;
					}
					execute(shard, job.get());
				}
				if (this.permits.availablePermits() == 0) {
					return;
				}
			}
		}
	}

	private void pollSafely() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			log.warn("Polling export jobs failed: {}", ex.toString());
		}
	}

	private void submit(int shard, long exportId) {
		if (!this.running || !this.permits.tryAcquire()) {
			return;
		}
		try {
			Optional<ExportJob> job = this.shards.write(shard,
					() -> this.jobs.claim(exportId, this.properties.lease()));
			if (job.isEmpty()) {
				this.permits.release();
				return;
			}
			execute(shard, job.get());
		}
		catch (RuntimeException ex) {
			this.permits.release();
			log.warn("Export {} left to the poller: {}", exportId, ex.toString());
		}
	}

	private void execute(int shard, ExportJob job) {
		try {
			this.pool.execute(() -> {
				try {
					build(shard, job);
				}
				finally {
					this.permits.release();
				}
			});
		}
		catch (RuntimeException ex) {
			// Its lease passes and the poller takes it again.
			this.permits.release();
			log.warn("Export {} not started: {}", job.exportId(), ex.toString());
		}
	}

	/** One try of a build. */
	void build(int shard, ExportJob job) {
		Path file = null;
		try {
			if (this.shards.read(shard, () -> this.jobs.erased(job.userId()))) {
				this.shards.write(shard, () -> this.jobs.deleteOfUser(job.userId()));
				return;
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
			if (finished) {
				this.ready.increment();
				log.info("Export {} of user {} stored: {} bytes", job.exportId(), job.userId(), size);
			}
			else {
				// The account was erased while the zip was being built.
				this.storage.delete(key);
			}
		}
		catch (IOException | RuntimeException ex) {
			failedTry(shard, job, ex);
		}
		finally {
			deleteQuietly(file);
		}
	}

	private void failedTry(int shard, ExportJob job, Exception ex) {
		String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		try {
			if (job.attempts() >= this.properties.maxAttempts()) {
				Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
				this.shards.write(shard, () -> {
					if (this.jobs.finish(job.exportId(), "FAILED", null, error, now)) {
						this.events.publish(new DataExportFailed(job.exportId(), job.userId(),
								"gave up after " + job.attempts() + " tries: " + truncate(error), now));
					}
				});
				this.failed.increment();
				log.error("Export {} of user {} failed for good: {}", job.exportId(), job.userId(), error);
			}
			else {
				this.shards.write(shard, () -> this.jobs.release(job.exportId(),
						this.properties.retryBackoff().multipliedBy(job.attempts()), error));
				this.retried.increment();
				log.warn("Export {} of user {} failed (try {}), retrying: {}", job.exportId(), job.userId(),
						job.attempts(), error);
			}
		}
		catch (RuntimeException recording) {
			// The lease passes and the job comes back: it is tried (or failed) again
			// then.
			log.warn("Outcome of export {} not recorded: {}", job.exportId(), recording.toString());
		}
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

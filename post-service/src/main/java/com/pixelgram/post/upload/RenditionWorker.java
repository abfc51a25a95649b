package com.pixelgram.post.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.events.PostPublished;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.image.ImageHeader;
import com.pixelgram.post.image.ImageInspector;
import com.pixelgram.post.image.ImageRejectedException;
import com.pixelgram.post.image.Rendition;
import com.pixelgram.post.image.RenditionPipeline;
import com.pixelgram.post.media.MediaKeys;
import com.pixelgram.post.media.MediaProperties;
import com.pixelgram.post.media.MediaStorage;
import com.pixelgram.post.posts.MentionEvents;
import com.pixelgram.post.posts.Photo;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.PostService;
import com.pixelgram.post.posts.TagIndex;
import com.pixelgram.post.posts.UploadStatus;
import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The bounded pool that makes renditions and removes objects. Work is fed durably: every
 * job is a {@code media_job} row written in the transaction of its cause. A new job is
 * handed to the pool right after commit; a poller picks up the rest (retries, jobs whose
 * worker crashed and whose lease expired, jobs the pool had no room for). A permit per
 * thread keeps this instance from claiming more than it can run.
 */
@Component
class RenditionWorker implements SmartLifecycle, PostService.MediaPurges {

	private static final Logger log = LoggerFactory.getLogger(RenditionWorker.class);

	static final String PROCESSING_TIMER = "pixelgram.media.processing";

	private static final Duration MAX_PURGE_BACKOFF = Duration.ofMinutes(10);

	private final Shards shards;

	private final MediaJobRepository jobs;

	private final PostRepository posts;

	private final TagIndex tags;

	private final PostCache cache;

	private final MediaStorage storage;

	private final MediaKeys keys;

	private final ImageInspector inspector;

	private final RenditionPipeline pipeline;

	private final EventPublisher events;

	private final MediaProperties.Worker settings;

	private final UploadMetrics metrics;

	private final MeterRegistry meters;

	private final Semaphore permits;

	private final MentionEvents mentionEvents;

	private final Clock clock = Clock.systemUTC();

	private volatile ExecutorService pool;

	private volatile ScheduledExecutorService poller;

	private volatile boolean running;

	RenditionWorker(Shards shards, MediaJobRepository jobs, PostRepository posts, TagIndex tags, PostCache cache,
			MediaStorage storage, MediaKeys keys, ImageInspector inspector, RenditionPipeline pipeline,
			EventPublisher events, MediaProperties properties, UploadMetrics metrics, MeterRegistry meters,
			MentionEvents mentionEvents) {
		this.mentionEvents = mentionEvents;
		this.shards = shards;
		this.jobs = jobs;
		this.posts = posts;
		this.tags = tags;
		this.cache = cache;
		this.storage = storage;
		this.keys = keys;
		this.inspector = inspector;
		this.pipeline = pipeline;
		this.events = events;
		this.settings = properties.worker();
		this.metrics = metrics;
		this.meters = meters;
		this.permits = new Semaphore(this.settings.poolSize());
	}

	@Override
	public void start() {
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.settings.poolSize(), (task) -> {
			Thread thread = new Thread(task, "media-worker-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "media-job-poller");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		long interval = this.settings.pollInterval().toMillis();
		this.poller.scheduleWithFixedDelay(this::pollSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.poller.shutdownNow();
		this.pool.shutdown();
		try {
			if (!this.pool.awaitTermination(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				// Their leases expire and another instance (or this one, restarted) takes
				// them.
				log.warn("Media jobs still running at shutdown are left to their leases");
				this.pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Hands a job that was just committed to the pool, if it has room. */
	void submit(int shard, long postId, MediaJob.Kind kind) {
		if (!this.running || !this.permits.tryAcquire()) {
			return;
		}
		execute(() -> this.shards.write(shard, () -> this.jobs.claim(postId, kind, this.settings.lease()))
			.ifPresent((job) -> run(shard, job)));
	}

	@Override
	public void schedule(long postId, String mediaKey, int photoCount) {
		this.jobs.schedule(postId, MediaJob.Kind.PURGE, mediaKey, photoCount);
	}

	@Override
	public void wake(int shard, long postId) {
		submit(shard, postId, MediaJob.Kind.PURGE);
	}

	/** Claims due jobs of every shard while the pool has room; public for tests. */
	void poll() {
		for (PhysicalDatabase database : this.shards.databases()) {
			if (this.permits.availablePermits() == 0) {
				return;
			}
			for (int shard : this.jobs.shardsWithDueJobs(database)) {
				while (this.running && this.permits.tryAcquire()) {
					Optional<MediaJob> job = claimNext(shard);
					if (job.isEmpty()) {
						this.permits.release();
						break;
					}
					execute(() -> run(shard, job.get()));
				}
			}
		}
	}

	private Optional<MediaJob> claimNext(int shard) {
		try {
			return this.shards.write(shard, () -> this.jobs.claimNext(this.settings.lease()));
		}
		catch (RuntimeException ex) {
			this.permits.release();
			throw ex;
		}
	}

	private void pollSafely() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			log.warn("Polling media jobs failed: {}", ex.toString());
		}
	}

	/** Runs work on the pool; the caller holds a permit, released when the work ends. */
	private void execute(Runnable work) {
		try {
			this.pool.execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					log.warn("Media job failed unexpectedly: {}", ex.toString());
				}
				finally {
					this.permits.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.permits.release();
		}
	}

	/** Runs a claimed job on the calling thread; package-private for tests. */
	void run(int shard, MediaJob job) {
		if (job.kind() == MediaJob.Kind.RENDER) {
			render(shard, job);
		}
		else {
			purge(shard, job);
		}
	}

	private void render(int shard, MediaJob job) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "ready";
		Path original = null;
		// The photo being rendered, so that giving up on a carousel names it as an
		// upload's refusal does; -1 outside the photos' loop.
		int failing = -1;
		int photoCount = job.photoCount();
		try {
			// From the primary: a replica that has not caught up with the upload's commit
			// yet would not know the post, and the job would be dropped as if it had been
			// deleted.
			Optional<Post> current = this.shards.write(shard, () -> this.posts.find(job.postId()));
			if (current.isEmpty() || current.get().uploadStatus() != UploadStatus.PROCESSING) {
				this.shards.write(shard, () -> this.jobs.delete(job.postId(), MediaJob.Kind.RENDER));
				outcome = "skipped";
				return;
			}
			if (job.attempts() > this.settings.maxAttempts()) {
				// The last allowed try never reported back: its worker died with it.
				// Whatever this image does to a worker (exhausts its memory, gets the
				// process killed), it would do again at every lease expiry.
				outcome = "failed";
				log.warn("Giving up on the renditions of post {} after {} attempts, the last of which never finished "
						+ "(last error: {})", job.postId(), job.attempts() - 1, job.lastError());
				fail(shard, job, "The image could not be processed.", "attempts-exhausted");
				return;
			}
			// One photo at a time: a carousel costs its worker no more memory than a
			// single photo, and the post is READY only once every photo's renditions are
			// stored.
			List<Photo> photos = current.get().photos();
			photoCount = photos.size();
			List<String> blurhashes = new ArrayList<>(photos.size());
			original = Files.createTempFile("pixelgram-original-", ".img");
			for (int position = 0; position < photos.size(); position++) {
				failing = position;
				String photoKey = photos.get(position).mediaKey();
				try {
					this.storage.getOriginal(photoKey, original);
					ImageHeader header = this.inspector.inspect(original);
					RenditionPipeline.Rendered rendered = this.pipeline.renderWithBlurhash(original, header);
					for (Rendition rendition : rendered.renditions()) {
						this.storage.putRendition(photoKey, rendition);
					}
					blurhashes.add(rendered.blurhash());
				}
				catch (ImageRejectedException ex) {
					if (photos.size() == 1) {
						throw ex;
					}
					throw new ImageRejectedException(ex.reason(), "images[" + position + "]: " + ex.getMessage());
				}
			}
			failing = -1;
			boolean published = this.shards.write(shard, () -> {
				this.jobs.delete(job.postId(), MediaJob.Kind.RENDER);
				Instant now = this.clock.instant();
				Optional<Post> ready = this.posts.markReady(job.postId(), now, blurhashes);
				if (ready.isEmpty()) {
					// Deleted while the renditions were being made: they must go too.
					this.jobs.schedule(job.postId(), MediaJob.Kind.PURGE, job.mediaKey(), photos.size());
					return false;
				}
				Post post = ready.get();
				// Before this commits (the row stays locked until then, so an edit
				// waits):
				// the index never misses a READY post.
				this.tags.add(post.postId(), post.hashtags());
				this.events.publish(new PostPublished(post.postId(), post.userId(), this.keys.imageUrl(post.mediaKey()),
						this.keys.thumbnailUrl(post.mediaKey()), post.caption(), post.createdAt(), post.location(),
						post.altText(), post.width(), post.height(), this.keys.renditionUrls(post.mediaKey()),
						post.hashtags(), post.editedAt(), post.mentions(), post.blurhash(), post.media(this.keys)));
				// The caption's mentions notify once the post can be seen.
				this.mentionEvents.caption(post, List.of(), now);
				return true;
			});
			this.cache.evict(job.postId());
			if (!published) {
				outcome = "skipped";
				submit(shard, job.postId(), MediaJob.Kind.PURGE);
			}
		}
		catch (ImageRejectedException ex) {
			outcome = "rejected";
			fail(shard, job, ex.getMessage(), ex.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		}
		catch (IOException | RuntimeException | Error ex) {
			// An Error (OutOfMemoryError, StackOverflowError) raised by one image leaves
			// the worker usable once its stack has unwound: it is a failed try like any
			// other, and retrying it is bounded by the attempts.
			if (job.attempts() >= this.settings.maxAttempts()) {
				outcome = "failed";
				log.warn("Giving up on the renditions of post {} after {} attempts: {}", job.postId(), job.attempts(),
						ex.toString());
				String reason = "The image could not be processed.";
				fail(shard, job, (failing >= 0 && photoCount > 1) ? "images[" + failing + "]: " + reason : reason,
						"processing-error");
			}
			else {
				outcome = "retry";
				log.warn("Renditions of post {} failed (attempt {}), retrying: {}", job.postId(), job.attempts(),
						ex.toString());
				releaseQuietly(shard, job, this.settings.retryBackoff().multipliedBy(job.attempts()), ex.toString());
			}
		}
		finally {
			deleteQuietly(original);
			sample.stop(Timer.builder(PROCESSING_TIMER)
				.description("Time to make and store the renditions of one upload")
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	/** FAILED with a reason, and every object of the post scheduled for removal. */
	private void fail(int shard, MediaJob job, String reason, String metricReason) {
		try {
			this.shards.write(shard, () -> {
				this.jobs.delete(job.postId(), MediaJob.Kind.RENDER);
				this.posts.markFailed(job.postId(), reason);
				this.jobs.schedule(job.postId(), MediaJob.Kind.PURGE, job.mediaKey(), job.photoCount());
			});
			this.metrics.failed("processing", metricReason);
			this.cache.evict(job.postId());
			submit(shard, job.postId(), MediaJob.Kind.PURGE);
		}
		catch (RuntimeException ex) {
			// The lease expires and the job is tried again.
			log.warn("Could not mark post {} FAILED: {}", job.postId(), ex.toString());
		}
	}

	private void purge(int shard, MediaJob job) {
		try {
			this.storage.deleteAll(MediaKeys.photoKeys(job.mediaKey(), job.photoCount()));
			this.shards.write(shard, () -> this.jobs.delete(job.postId(), MediaJob.Kind.PURGE));
		}
		catch (RuntimeException ex) {
			Duration backoff = this.settings.retryBackoff().multipliedBy(job.attempts());
			log.warn("Removing the objects of post {} failed (attempt {}): {}", job.postId(), job.attempts(),
					ex.toString());
			releaseQuietly(shard, job, (backoff.compareTo(MAX_PURGE_BACKOFF) > 0) ? MAX_PURGE_BACKOFF : backoff,
					ex.toString());
		}
	}

	private void releaseQuietly(int shard, MediaJob job, Duration delay, String error) {
		try {
			this.shards.write(shard, () -> this.jobs.release(job.postId(), job.kind(), delay, error));
		}
		catch (RuntimeException ex) {
			log.warn("Could not release media job of post {}: {}", job.postId(), ex.toString());
		}
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				log.warn("Could not delete temporary file {}", file);
			}
		}
	}

}

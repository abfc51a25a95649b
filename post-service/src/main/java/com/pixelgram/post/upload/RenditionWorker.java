package com.pixelgram.post.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.pixelgram.events.PostPublished;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.image.ImageHeader;
import com.pixelgram.post.image.ImageInspector;
import com.pixelgram.post.image.ImageRejectedException;
import com.pixelgram.post.image.RenditionPipeline;
import com.pixelgram.post.jobs.LeasedJobs;
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
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The media jobs: renditions to make and objects to remove, run by a {@link LeasedJobs}
 * worker on the {@code media_job} rows written in the transaction of their cause. A
 * render is tried {@code max-attempts} times with a growing back-off, then its post is
 * FAILED and its objects are removed; a removal is retried until it succeeds, the
 * back-off capped.
 */
@Component
class RenditionWorker implements SmartLifecycle, PostService.MediaPurges, LeasedJobs.Handler<MediaJob> {

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

	private final UploadMetrics metrics;

	private final MeterRegistry meters;

	private final MentionEvents mentionEvents;

	private final LeasedJobs.Retries renderRetries;

	private final LeasedJobs.Retries purgeRetries;

	private final LeasedJobs<MediaJob> worker;

	private final Clock clock = Clock.systemUTC();

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
		this.metrics = metrics;
		this.meters = meters;
		MediaProperties.Worker settings = properties.worker();
		// An Error (OutOfMemoryError, StackOverflowError) raised by one image leaves the
		// worker usable once its stack has unwound: it is a failed try like any other,
		// and retrying it is bounded by the attempts.
		this.renderRetries = LeasedJobs.Retries.upTo(settings.maxAttempts(), settings.retryBackoff(), true);
		this.purgeRetries = LeasedJobs.Retries.forever(settings.retryBackoff(), MAX_PURGE_BACKOFF);
		this.worker = new LeasedJobs<>(shards, jobs, this, new LeasedJobs.Settings("media", settings.poolSize(),
				settings.lease(), settings.pollInterval(), settings.shutdownTimeout()));
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

	/** Hands a job that was just committed to the pool, if it has room. */
	void submit(int shard, long postId, MediaJob.Kind kind) {
		this.worker.submit(shard, (lease) -> this.jobs.claim(postId, kind, lease));
	}

	@Override
	public void schedule(long postId, String mediaKey, int photoCount) {
		this.jobs.schedule(postId, MediaJob.Kind.PURGE, mediaKey, photoCount);
	}

	@Override
	public void wake(int shard, long postId) {
		submit(shard, postId, MediaJob.Kind.PURGE);
	}

	/** Runs one try of a claimed job on the calling thread; package-private for tests. */
	void run(int shard, MediaJob job) {
		this.worker.run(shard, job);
	}

	@Override
	public String work(int shard, MediaJob job) throws IOException {
		if (job.kind() == MediaJob.Kind.RENDER) {
			return render(shard, job);
		}
		purge(shard, job);
		return null;
	}

	@Override
	public String giveUp(int shard, MediaJob job, Throwable failure) {
		// Only renders are given up: removals are retried until they succeed. A
		// carousel's reason names the photo whose try failed, as an upload's refusal
		// does.
		String reason = "The image could not be processed.";
		fail(shard, job, (failure instanceof PhotoFailedException photo) ? naming(photo.position(), reason) : reason,
				"processing-error");
		return "failed";
	}

	@Override
	public String error(Throwable failure) {
		return (failure instanceof PhotoFailedException) ? failure.getMessage() : failure.toString();
	}

	@Override
	public LeasedJobs.Retries retries(MediaJob job) {
		return (job.kind() == MediaJob.Kind.RENDER) ? this.renderRetries : this.purgeRetries;
	}

	@Override
	public String retried() {
		return "retry";
	}

	/** Times renders (not removals) by outcome. */
	@Override
	public void record(MediaJob job, String outcome, Duration took) {
		if (job.kind() == MediaJob.Kind.RENDER) {
			Timer.builder(PROCESSING_TIMER)
				.description("Time to make and store the renditions of one upload")
				.tag("outcome", outcome)
				.register(this.meters)
				.record(took);
		}
	}

	@Override
	public String describe(MediaJob job) {
		return ((job.kind() == MediaJob.Kind.RENDER) ? "the renditions of post "
				: "the removal of the objects of post ") + job.postId();
	}

	/** One try at the renditions of a post; throws for a try to retry. */
	private String render(int shard, MediaJob job) throws IOException {
		Path original = null;
		try {
			// From the primary: a replica that has not caught up with the upload's commit
			// yet would not know the post, and the job would be dropped as if it had been
			// deleted.
			Optional<Post> current = this.shards.write(shard, () -> this.posts.find(job.postId()));
			if (current.isEmpty() || current.get().uploadStatus() != UploadStatus.PROCESSING) {
				this.shards.write(shard, () -> this.jobs.delete(job.postId(), MediaJob.Kind.RENDER));
				return "skipped";
			}
			if (this.renderRetries.isPastLast(job.attempts())) {
				// The last allowed try never reported back: its worker died with it.
				// Whatever this image does to a worker (exhausts its memory, gets the
				// process killed), it would do again at every lease expiry.
				log.warn("Giving up on the renditions of post {} after {} attempts, the last of which never finished "
						+ "(last error: {})", job.postId(), job.attempts() - 1, job.lastError());
				fail(shard, job, "The image could not be processed.", "attempts-exhausted");
				return "failed";
			}
			// One photo at a time: a carousel costs its worker no more memory than a
			// single photo, and the post is READY only once every photo's renditions are
			// stored.
			List<Photo> photos = current.get().photos();
			List<String> blurhashes = new ArrayList<>(photos.size());
			original = Files.createTempFile("pixelgram-original-", ".img");
			for (int position = 0; position < photos.size(); position++) {
				String photoKey = photos.get(position).mediaKey();
				try {
					this.storage.getOriginal(photoKey, original);
					ImageHeader header = this.inspector.inspect(original);
					RenditionPipeline.Rendered rendered = this.pipeline.renderWithBlurhash(original, header);
					this.storage.putRenditions(photoKey, rendered.renditions());
					blurhashes.add(rendered.blurhash());
				}
				catch (ImageRejectedException ex) {
					if (photos.size() == 1) {
						throw ex;
					}
					throw new ImageRejectedException(ex.reason(), naming(position, ex.getMessage()));
				}
				catch (IOException | RuntimeException ex) {
					if (photos.size() == 1) {
						throw ex;
					}
					throw new PhotoFailedException(position, ex);
				}
			}
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
				submit(shard, job.postId(), MediaJob.Kind.PURGE);
				return "skipped";
			}
			return "ready";
		}
		catch (ImageRejectedException ex) {
			// The image itself is refused: another try would refuse it again.
			fail(shard, job, ex.getMessage(), ex.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
			return "rejected";
		}
		finally {
			deleteQuietly(original);
		}
	}

	/**
	 * A text about one photo of a carousel, starting with its position as an upload's
	 * refusal does.
	 */
	private static String naming(int position, String text) {
		return "images[" + position + "]: " + text;
	}

	/**
	 * A try that failed on one photo of a carousel, for another try; giving up names the
	 * photo from its position, and its message (the job's last error) starts with it.
	 */
	static final class PhotoFailedException extends IOException {

		private final int position;

		PhotoFailedException(int position, Exception cause) {
			super(naming(position, cause.toString()), cause);
			this.position = position;
		}

		/** The photo's position in the carousel, from 0. */
		int position() {
			return this.position;
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

	/** Deletes every object of every photo of the post; throws for a try to retry. */
	private void purge(int shard, MediaJob job) {
		this.storage.deleteAll(MediaKeys.photoKeys(job.mediaKey(), job.photoCount()));
		this.shards.write(shard, () -> this.jobs.delete(job.postId(), MediaJob.Kind.PURGE));
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

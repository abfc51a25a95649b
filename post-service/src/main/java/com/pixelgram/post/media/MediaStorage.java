package com.pixelgram.post.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.post.Futures;
import com.pixelgram.post.image.Rendition;
import com.pixelgram.post.image.RenditionPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The images in S3: originals under a private prefix, renditions under immutable keys
 * with the {@code Cache-Control} of {@link MediaProperties.Cache}, and the bucket's
 * lifecycle rules.
 */
public class MediaStorage implements AutoCloseable {

	/**
	 * Renditions stored at once: those of a photo (four) for two render workers. The puts
	 * of a photo go out together, so that its renditions cost the slowest put rather than
	 * the sum of them.
	 */
	private static final int PARALLEL_PUTS = 8;

	private static final Logger log = LoggerFactory.getLogger(MediaStorage.class);

	private final S3Client s3;

	private final MediaProperties properties;

	private final MediaKeys keys;

	private final CdnInvalidator cdn;

	private final ExecutorService puts;

	/** Storage whose deletions invalidate nothing at a CDN. */
	public MediaStorage(S3Client s3, MediaProperties properties, MediaKeys keys) {
		this(s3, properties, keys, CdnInvalidator.NONE);
	}

	MediaStorage(S3Client s3, MediaProperties properties, MediaKeys keys, CdnInvalidator cdn) {
		this.s3 = s3;
		this.properties = properties;
		this.keys = keys;
		this.cdn = cdn;
		AtomicInteger threads = new AtomicInteger();
		this.puts = Executors.newFixedThreadPool(PARALLEL_PUTS, (task) -> {
			Thread thread = new Thread(task, "rendition-put-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Streams an original from disk to its private key. */
	public void putOriginal(String mediaKey, Path file, String mediaType) {
		this.s3.putObject((request) -> request.bucket(this.properties.bucket())
			.key(this.keys.originalKey(mediaKey))
			.contentType(mediaType)
			.cacheControl("private, no-store"), RequestBody.fromFile(file));
	}

	/** Downloads an original to a file (replaced if it exists). */
	public void getOriginal(String mediaKey, Path target) {
		try {
			Files.deleteIfExists(target);
			this.s3.getObject(
					(request) -> request.bucket(this.properties.bucket()).key(this.keys.originalKey(mediaKey)),
					ResponseTransformer.toFile(target));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * Stores the renditions of one photo, their puts in parallel; throws the first
	 * failure once every put has ended (the caller's retry puts them all again: each is
	 * idempotent).
	 */
	public void putRenditions(String mediaKey, List<Rendition> renditions) {
		List<CompletableFuture<Void>> pending = new ArrayList<>(renditions.size());
		for (Rendition rendition : renditions) {
			pending.add(CompletableFuture.runAsync(() -> putRendition(mediaKey, rendition), this.puts));
		}
		Futures.all(pending);
	}

	/** Stores one rendition under its immutable key. */
	public void putRendition(String mediaKey, Rendition rendition) {
		this.s3.putObject((request) -> request.bucket(this.properties.bucket())
			.key(this.keys.renditionKey(mediaKey, rendition.name()))
			.contentType("image/jpeg")
			.cacheControl(cacheControl(rendition.name())), RequestBody.fromBytes(rendition.jpeg()));
	}

	/** The {@code Cache-Control} of a rendition: the thumbnail's is shorter. */
	public String cacheControl(String renditionName) {
		MediaProperties.Cache cache = this.properties.cache();
		return RenditionPipeline.THUMBNAIL.equals(renditionName) ? cache.thumbnail() : cache.photo();
	}

	/**
	 * Deletes the original and every rendition, then invalidates the renditions at the
	 * CDN (the original is never served); keys that do not exist are fine. A failure of
	 * either throws, and the caller's retry repeats both, which are idempotent.
	 */
	public void deleteAll(String mediaKey) {
		deleteAll(List.of(mediaKey));
	}

	/**
	 * Deletes the originals and renditions of several media keys (the photos of one post)
	 * in one request, then invalidates each one's renditions at the CDN.
	 */
	public void deleteAll(List<String> mediaKeys) {
		List<ObjectIdentifier> objects = mediaKeys.stream()
			.flatMap((mediaKey) -> this.keys.allKeys(mediaKey).stream())
			.map((key) -> ObjectIdentifier.builder().key(key).build())
			.toList();
		var response = this.s3.deleteObjects((request) -> request.bucket(this.properties.bucket())
			.delete(Delete.builder().objects(objects).quiet(true).build()));
		if (response.hasErrors() && !response.errors().isEmpty()) {
			throw new IllegalStateException("S3 refused to delete " + response.errors().size() + " objects of "
					+ mediaKeys.get(0) + ": " + response.errors().get(0).message());
		}
		// one wildcard path per photo's renditions, CloudFront counting each as one path;
		// the
		// post's key (its first photo's) names the invalidation, so a retry repeats it
		this.cdn.invalidate(mediaKeys.get(0),
				mediaKeys.stream()
					.map((mediaKey) -> "/" + this.properties.renditionsPrefix() + mediaKey + "/*")
					.toList());
	}

	/**
	 * The bucket's lifecycle rules: originals and renditions move to Standard-IA, then to
	 * their archive classes.
	 */
	public BucketLifecycleConfiguration lifecycleConfiguration() {
		MediaProperties.Lifecycle lifecycle = this.properties.lifecycle();
		return BucketLifecycleConfiguration.builder()
			.rules(rule("originals", this.properties.originalsPrefix(), lifecycle.originalsArchiveStorageClass()),
					rule("renditions", this.properties.renditionsPrefix(), lifecycle.renditionsArchiveStorageClass()))
			.build();
	}

	private LifecycleRule rule(String id, String prefix, String archiveClass) {
		MediaProperties.Lifecycle lifecycle = this.properties.lifecycle();
		return LifecycleRule.builder()
			.id(id)
			.filter(LifecycleRuleFilter.builder().prefix(prefix).build())
			.status(ExpirationStatus.ENABLED)
			.transitions(
					Transition.builder()
						.days((int) lifecycle.infrequentAccessAfter().toDays())
						.storageClass(TransitionStorageClass.STANDARD_IA)
						.build(),
					Transition.builder()
						.days((int) lifecycle.archiveAfter().toDays())
						.storageClass(TransitionStorageClass.fromValue(archiveClass))
						.build())
			.build();
	}

	/**
	 * Puts the lifecycle rules on the bucket. A server without lifecycle support
	 * (S3Proxy) is logged and tolerated: the rules are a cost optimisation, not a
	 * condition of serving.
	 * @return whether the server took them
	 */
	public boolean applyLifecycle() {
		try {
			this.s3.putBucketLifecycleConfiguration((request) -> request.bucket(this.properties.bucket())
				.lifecycleConfiguration(lifecycleConfiguration()));
			log.info("Lifecycle rules applied to bucket {}", this.properties.bucket());
			return true;
		}
		catch (S3Exception ex) {
			log.warn("Bucket {} did not take the lifecycle rules ({} {}): objects stay in their storage class",
					this.properties.bucket(), ex.statusCode(),
					(ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : ex.getMessage());
			return false;
		}
		catch (RuntimeException ex) {
			log.warn("Bucket {} could not be given its lifecycle rules: {}", this.properties.bucket(), ex.toString());
			return false;
		}
	}

	@Override
	public void close() {
		this.puts.shutdown();
	}

}

package com.pixelgram.post.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.post.PostProperties;
import com.pixelgram.post.UserText;
import com.pixelgram.post.image.ImageHeader;
import com.pixelgram.post.image.ImageInspector;
import com.pixelgram.post.image.ImageRejectedException;
import com.pixelgram.post.media.MediaKeys;
import com.pixelgram.post.media.MediaProperties;
import com.pixelgram.post.media.MediaStorage;
import com.pixelgram.events.Mention;
import com.pixelgram.post.posts.AuthorDirectory;
import com.pixelgram.post.posts.Hashtags;
import com.pixelgram.post.posts.Mentions;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.UploadStatus;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import com.pixelgram.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts an upload: checks the image from its container alone, stores the original under
 * the private prefix, then writes the post (PROCESSING) and its render job in one
 * transaction of the author's shard and hands the job to the workers. The original is
 * recorded as pending before it is stored and the record goes in the post's transaction,
 * so an original that no post references is always found by the
 * {@link OrphanOriginalSweeper}, whatever fails or dies in between.
 */
@Service
class UploadService {

	private static final Logger log = LoggerFactory.getLogger(UploadService.class);

	private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

	private final Shards shards;

	private final IdGenerator ids;

	private final PostRepository posts;

	private final MediaJobRepository jobs;

	private final IdempotencyRepository idempotency;

	private final PendingOriginalRepository pending;

	private final ImageInspector inspector;

	private final MediaStorage storage;

	private final MediaKeys keys;

	private final RenditionWorker worker;

	private final PostProperties properties;

	private final MediaProperties media;

	private final UploadMetrics metrics;

	private final UnverifiedAuthorLimit unverifiedAuthors;

	private final AuthorDirectory authors;

	UploadService(Shards shards, IdGenerator ids, PostRepository posts, MediaJobRepository jobs,
			IdempotencyRepository idempotency, PendingOriginalRepository pending, ImageInspector inspector,
			MediaStorage storage, MediaKeys keys, RenditionWorker worker, PostProperties properties,
			MediaProperties media, UploadMetrics metrics, UnverifiedAuthorLimit unverifiedAuthors,
			AuthorDirectory authors) {
		this.unverifiedAuthors = unverifiedAuthors;
		this.authors = authors;
		this.shards = shards;
		this.ids = ids;
		this.posts = posts;
		this.jobs = jobs;
		this.idempotency = idempotency;
		this.pending = pending;
		this.inspector = inspector;
		this.storage = storage;
		this.keys = keys;
		this.worker = worker;
		this.properties = properties;
		this.media = media;
		this.metrics = metrics;
	}

	UploadAccepted upload(long userId, MultipartFile image, NewPost fields, String idempotencyKey) {
		validate(fields, idempotencyKey);
		if (image == null || image.isEmpty()) {
			this.metrics.failed("upload", "image-missing");
			throw new ApiException(HttpStatus.BAD_REQUEST, "image-missing", "Image missing",
					"The multipart part 'image' with the photo is required.");
		}
		if (image.getSize() > this.media.maxUploadSize().toBytes()) {
			throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
					"The image is larger than " + this.media.maxUploadSize().toMegabytes() + " MB.");
		}
		int shard = this.shards.shardOf(userId);
		if (idempotencyKey != null) {
			Optional<UploadAccepted> earlier = replay(shard, userId, idempotencyKey);
			if (earlier.isPresent()) {
				return earlier.get();
			}
		}
		this.unverifiedAuthors.check(userId);
		// Before anything is stored: a 503 from here leaves nothing behind. They notify
		// when the post is published.
		List<Mention> mentions = this.authors.mentions(fields.caption());
		Path file = null;
		try {
			file = Files.createTempFile("pixelgram-upload-", ".img");
			image.transferTo(file);
			ImageHeader header = inspect(file);
			long postId = this.ids.nextId(shard);
			String mediaKey = this.keys.newMediaKey(postId);
			this.shards.write(shard, () -> this.pending.record(mediaKey));
			try {
				this.storage.putOriginal(mediaKey, file, header.format().mediaType());
			}
			catch (SdkException ex) {
				// S3 may have stored it all the same; if so, the sweeper deletes it.
				log.warn("Could not store an original: {}", ex.toString());
				throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
						"The image store is unavailable; retry with the same Idempotency-Key.")
					.header("Retry-After", "5");
			}
			Post post = new Post(postId, userId, fields.caption(), fields.location(), fields.altText(), mediaKey,
					header.format().mediaType(), header.displayWidth(), header.displayHeight(), UploadStatus.PROCESSING,
					null, 0, 0, IdGenerator.timeOf(postId), null, null, Hashtags.parse(fields.caption()), mentions,
					null);
			boolean created;
			try {
				created = this.shards.write(shard, () -> {
					if (idempotencyKey != null && !this.idempotency.insert(userId, idempotencyKey, postId,
							this.properties.idempotencyRetention())) {
						return false;
					}
					if (!this.pending.remove(mediaKey)) {
						// Swept: this upload outlived the grace period, and its original
						// is being or has been deleted.
						throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The upload took too long; retry it.")
							.header("Retry-After", "1");
					}
					this.posts.insert(post);
					this.jobs.schedule(postId, MediaJob.Kind.RENDER, mediaKey);
					return true;
				});
			}
			catch (RuntimeException ex) {
				discardOriginal(shard, mediaKey);
				throw ex;
			}
			if (!created) {
				// A concurrent retry with the same key won: answer with its post.
				discardOriginal(shard, mediaKey);
				return replay(shard, userId, idempotencyKey)
					.orElseThrow(() -> ApiException.conflict("The Idempotency-Key is in use by another upload."));
			}
			this.worker.submit(shard, postId, MediaJob.Kind.RENDER);
			return accepted(postId, mediaKey, UploadStatus.PROCESSING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deleteQuietly(file);
		}
	}

	private ImageHeader inspect(Path file) throws IOException {
		try {
			return this.inspector.inspect(file);
		}
		catch (ImageRejectedException ex) {
			String reason = ex.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
			this.metrics.failed("upload", reason);
			throw switch (ex.reason()) {
				case UNSUPPORTED_TYPE -> new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-image-type",
						"Unsupported image type", ex.getMessage());
				case TOO_MANY_PIXELS -> new ApiException(HttpStatus.BAD_REQUEST, "image-too-many-pixels",
						"Image has too many pixels", ex.getMessage());
				case TOO_MUCH_METADATA -> new ApiException(HttpStatus.BAD_REQUEST, "image-too-much-metadata",
						"Image has too much metadata", ex.getMessage());
				case CORRUPT ->
					new ApiException(HttpStatus.BAD_REQUEST, "image-corrupt", "Image corrupt", ex.getMessage());
			};
		}
	}

	/**
	 * The answer to the upload that holds this key, if one does. Read on the primary: the
	 * upload being retried committed its key a moment ago, and a replica that has not
	 * caught up would miss it and answer a fast retry with a second post or a 409.
	 */
	private Optional<UploadAccepted> replay(int shard, long userId, String idempotencyKey) {
		return this.shards
			.write(shard, () -> this.idempotency.find(userId, idempotencyKey, this.properties.idempotencyRetention())
				.map((postId) -> this.posts.find(postId)
					.orElseThrow(() -> ApiException
						.conflict("The post created with this Idempotency-Key has been deleted; use a new key."))))
			.map((post) -> accepted(post.postId(), post.mediaKey(), post.uploadStatus()));
	}

	private UploadAccepted accepted(long postId, String mediaKey, UploadStatus status) {
		return new UploadAccepted(postId, this.keys.imageUrl(mediaKey), this.keys.thumbnailUrl(mediaKey),
				this.keys.renditionUrls(mediaKey), status);
	}

	private void validate(NewPost fields, String idempotencyKey) {
		List<FieldViolation> errors = new ArrayList<>();
		UserText.check(errors, "caption", fields.caption(), this.properties.captionMaxLength(), true);
		UserText.check(errors, "location", fields.location(), this.properties.locationMaxLength(), false);
		UserText.check(errors, "alt_text", fields.altText(), this.properties.altTextMaxLength(), false);
		Hashtags.check(errors, fields.caption(), this.properties.hashtagMaxCount(), this.properties.hashtagMaxLength());
		Mentions.check(errors, "caption", fields.caption());
		if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH
				|| !idempotencyKey.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e))) {
			errors.add(new FieldViolation("Idempotency-Key",
					"must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation("The request has invalid fields.", errors);
		}
	}

	/**
	 * Deletes an original that no post will reference. Only while its pending record is
	 * still there: a commit that failed only as far as this process could tell has taken
	 * the record, and the original is its post's.
	 */
	private void discardOriginal(int shard, String mediaKey) {
		try {
			this.shards.write(shard, () -> {
				if (this.pending.remove(mediaKey)) {
					this.storage.deleteAll(mediaKey);
				}
			});
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete the unused original {} now, the sweeper will: {}", mediaKey, ex.toString());
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

	/**
	 * The text of a new post.
	 *
	 * @param caption the caption, empty when absent
	 * @param location the location, or {@code null}
	 * @param altText the alternative text, or {@code null}
	 */
	record NewPost(String caption, String location, String altText) {

		NewPost {
			caption = (caption != null) ? caption : "";
			location = blankToNull(location);
			altText = blankToNull(altText);
		}

		private static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value;
		}

	}

}

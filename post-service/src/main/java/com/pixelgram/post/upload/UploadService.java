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
import com.pixelgram.post.posts.Photo;
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

	/**
	 * Accepts a post of one photo or more.
	 * @param photos the photos, in order
	 * @param carousel whether they came as {@code images} parts: problems then name the
	 * photo ({@code images[i]}, property {@code index})
	 */
	UploadAccepted upload(long userId, List<MultipartFile> photos, boolean carousel, NewPost fields,
			String idempotencyKey) {
		validate(photos, carousel, fields, idempotencyKey);
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
		List<Path> files = new ArrayList<>(photos.size());
		try {
			List<ImageHeader> headers = new ArrayList<>(photos.size());
			for (int i = 0; i < photos.size(); i++) {
				Path file = Files.createTempFile("pixelgram-upload-", ".img");
				files.add(file);
				photos.get(i).transferTo(file);
				headers.add(inspect(file, carousel ? i : null));
			}
			long postId = this.ids.nextId(shard);
			String mediaKey = this.keys.newMediaKey(postId);
			List<String> photoKeys = MediaKeys.photoKeys(mediaKey, photos.size());
			this.shards.write(shard, () -> photoKeys.forEach(this.pending::record));
			try {
				for (int i = 0; i < photos.size(); i++) {
					this.storage.putOriginal(photoKeys.get(i), files.get(i), headers.get(i).format().mediaType());
				}
			}
			catch (SdkException ex) {
				// S3 may have stored them all the same; if so, the sweeper deletes them.
				log.warn("Could not store an original: {}", ex.toString());
				throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
						"The image store is unavailable; retry with the same Idempotency-Key.")
					.header("Retry-After", "5");
			}
			List<Photo> postPhotos = new ArrayList<>(photos.size());
			for (int i = 0; i < photos.size(); i++) {
				ImageHeader header = headers.get(i);
				postPhotos.add(new Photo(photoKeys.get(i), header.format().mediaType(), header.displayWidth(),
						header.displayHeight(), fields.altText(i), null));
			}
			Photo first = postPhotos.get(0);
			Post post = new Post(postId, userId, fields.caption(), fields.location(), first.altText(), mediaKey,
					first.mediaType(), first.width(), first.height(), UploadStatus.PROCESSING, null, 0, 0,
					IdGenerator.timeOf(postId), null, null, Hashtags.parse(fields.caption()), mentions, null,
					postPhotos);
			boolean created;
			try {
				created = this.shards.write(shard, () -> {
					if (idempotencyKey != null && !this.idempotency.insert(userId, idempotencyKey, postId,
							this.properties.idempotencyRetention())) {
						return false;
					}
					for (String photoKey : photoKeys) {
						if (!this.pending.remove(photoKey)) {
							// Swept: this upload outlived the grace period, and its
							// originals are being or have been deleted.
							throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
									"The upload took too long; retry it.")
								.header("Retry-After", "1");
						}
					}
					this.posts.insert(post);
					this.jobs.schedule(postId, MediaJob.Kind.RENDER, mediaKey, photoKeys.size());
					return true;
				});
			}
			catch (RuntimeException ex) {
				discardOriginals(shard, photoKeys);
				throw ex;
			}
			if (!created) {
				// A concurrent retry with the same key won: answer with its post.
				discardOriginals(shard, photoKeys);
				return replay(shard, userId, idempotencyKey)
					.orElseThrow(() -> ApiException.conflict("The Idempotency-Key is in use by another upload."));
			}
			this.worker.submit(shard, postId, MediaJob.Kind.RENDER);
			return accepted(post);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			files.forEach(UploadService::deleteQuietly);
		}
	}

	/**
	 * The photos and text of an upload, before anything else is done: the photo count,
	 * each photo's presence and size, the text fields.
	 */
	private void validate(List<MultipartFile> photos, boolean carousel, NewPost fields, String idempotencyKey) {
		if (photos.isEmpty()) {
			this.metrics.failed("upload", "image-missing");
			throw new ApiException(HttpStatus.BAD_REQUEST, "image-missing", "Image missing",
					"The multipart part 'image' with the photo, or 'images' parts with up to " + Post.MAX_PHOTOS
							+ " photos, is required.");
		}
		List<FieldViolation> errors = new ArrayList<>();
		if (photos.size() > Post.MAX_PHOTOS) {
			errors.add(new FieldViolation("images", "must be 1 to " + Post.MAX_PHOTOS + " photos"));
		}
		if (fields.altTexts().size() > photos.size()) {
			errors.add(new FieldViolation("alt_text", "must be at most one per photo (" + photos.size() + ")"));
		}
		if (!errors.isEmpty()) {
			this.metrics.failed("upload", "too-many-parts");
			throw ApiException.validation("The request has invalid fields.", errors);
		}
		for (int i = 0; i < photos.size(); i++) {
			MultipartFile photo = photos.get(i);
			if (photo == null || photo.isEmpty()) {
				this.metrics.failed("upload", "image-missing");
				throw indexed(new ApiException(HttpStatus.BAD_REQUEST, "image-missing", "Image missing",
						"The photo is empty."), carousel ? i : null);
			}
			if (photo.getSize() > this.media.maxUploadSize().toBytes()) {
				throw indexed(
						new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
								"The image is larger than " + this.media.maxUploadSize().toMegabytes() + " MB."),
						carousel ? i : null);
			}
		}
		validate(fields, carousel, idempotencyKey);
	}

	/**
	 * A problem about one photo of a carousel: its detail starts with {@code images[i]: }
	 * and its {@code index} property is the photo's position (from 0).
	 */
	private static ApiException indexed(ApiException problem, Integer index) {
		if (index == null) {
			return problem;
		}
		ApiException named = new ApiException(problem.getStatus(), problem.getSlug(), problem.getTitle(),
				"images[" + index + "]: " + problem.getDetail());
		problem.getProperties().forEach(named::property);
		return named.property("index", index);
	}

	private ImageHeader inspect(Path file, Integer index) throws IOException {
		try {
			return this.inspector.inspect(file);
		}
		catch (ImageRejectedException ex) {
			String reason = ex.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
			this.metrics.failed("upload", reason);
			throw indexed(switch (ex.reason()) {
				case UNSUPPORTED_TYPE -> new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-image-type",
						"Unsupported image type", ex.getMessage());
				case TOO_MANY_PIXELS -> new ApiException(HttpStatus.BAD_REQUEST, "image-too-many-pixels",
						"Image has too many pixels", ex.getMessage());
				case TOO_MUCH_METADATA -> new ApiException(HttpStatus.BAD_REQUEST, "image-too-much-metadata",
						"Image has too much metadata", ex.getMessage());
				case CORRUPT ->
					new ApiException(HttpStatus.BAD_REQUEST, "image-corrupt", "Image corrupt", ex.getMessage());
			}, index);
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
			.map(this::accepted);
	}

	private UploadAccepted accepted(Post post) {
		String mediaKey = post.mediaKey();
		return new UploadAccepted(post.postId(), this.keys.imageUrl(mediaKey), this.keys.thumbnailUrl(mediaKey),
				this.keys.renditionUrls(mediaKey), post.uploadStatus(), post.media(this.keys));
	}

	private void validate(NewPost fields, boolean carousel, String idempotencyKey) {
		List<FieldViolation> errors = new ArrayList<>();
		UserText.check(errors, "caption", fields.caption(), this.properties.captionMaxLength(), true);
		UserText.check(errors, "location", fields.location(), this.properties.locationMaxLength(), false);
		for (int i = 0; i < fields.altTexts().size(); i++) {
			UserText.check(errors, carousel ? "alt_text[" + i + "]" : "alt_text", fields.altTexts().get(i),
					this.properties.altTextMaxLength(), false);
		}
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
	 * Deletes the originals that no post will reference. Only those whose pending record
	 * is still there: a commit that failed only as far as this process could tell has
	 * taken the records, and the originals are its post's.
	 */
	private void discardOriginals(int shard, List<String> photoKeys) {
		try {
			this.shards.write(shard, () -> {
				List<String> unused = photoKeys.stream().filter(this.pending::remove).toList();
				if (!unused.isEmpty()) {
					this.storage.deleteAll(unused);
				}
			});
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete the unused originals {} now, the sweeper will: {}", photoKeys.get(0),
					ex.toString());
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
	 * @param altTexts the alternative texts of the first photos, in order (blank for
	 * none); the photos after them have none
	 */
	record NewPost(String caption, String location, List<String> altTexts) {

		NewPost {
			caption = (caption != null) ? caption : "";
			location = blankToNull(location);
			altTexts = (altTexts != null) ? List.copyOf(altTexts) : List.of();
		}

		/** The alternative text of the photo at a position, or {@code null}. */
		String altText(int position) {
			return (position < this.altTexts.size()) ? blankToNull(this.altTexts.get(position)) : null;
		}

		private static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value;
		}

	}

}

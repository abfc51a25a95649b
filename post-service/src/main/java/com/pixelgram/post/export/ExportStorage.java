package com.pixelgram.post.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.pixelgram.post.media.MediaProperties;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.stereotype.Component;

/**
 * Export zips in the media bucket, under their private prefix: uploaded whole when small,
 * in parts read one at a time from the file when large, and deleted with the account.
 */
@Component
class ExportStorage {

	private final S3Client s3;

	private final MediaProperties media;

	private final ExportProperties properties;

	ExportStorage(S3Client s3, MediaProperties media, ExportProperties properties) {
		this.s3 = s3;
		this.media = media;
		this.properties = properties;
	}

	/** Uploads the zip to its key; an upload repeated after a failure replaces it. */
	void upload(String key, Path file) {
		try {
			long size = Files.size(file);
			long partSize = this.properties.partSize().toBytes();
			if (size <= partSize) {
				this.s3.putObject((request) -> request.bucket(this.media.bucket())
					.key(key)
					.contentType("application/zip")
					.cacheControl("private, no-store"), RequestBody.fromFile(file));
				return;
			}
			uploadInParts(key, file, partSize);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void uploadInParts(String key, Path file, long partSize) throws IOException {
		String bucket = this.media.bucket();
		String uploadId = this.s3
			.createMultipartUpload((request) -> request.bucket(bucket)
				.key(key)
				.contentType("application/zip")
				.cacheControl("private, no-store"))
			.uploadId();
		try (InputStream in = Files.newInputStream(file)) {
			List<CompletedPart> parts = new ArrayList<>();
			byte[] buffer = new byte[Math.toIntExact(partSize)];
			for (int number = 1;; number++) {
				int length = in.readNBytes(buffer, 0, buffer.length);
				if (length == 0) {
					break;
				}
				int partNumber = number;
				String etag = this.s3
					.uploadPart(
							(request) -> request.bucket(bucket)
								.key(key)
								.uploadId(uploadId)
								.partNumber(partNumber)
								.contentLength((long) length),
							RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, length)))
					.eTag();
				parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
			}
			this.s3.completeMultipartUpload((request) -> request.bucket(bucket)
				.key(key)
				.uploadId(uploadId)
				.multipartUpload((upload) -> upload.parts(parts)));
		}
		catch (IOException | RuntimeException ex) {
			try {
				this.s3.abortMultipartUpload((request) -> request.bucket(bucket).key(key).uploadId(uploadId));
			}
			catch (RuntimeException abort) {
				ex.addSuppressed(abort);
			}
			throw ex;
		}
	}

	/** Deletes an export's zip; a missing one is fine. */
	void delete(String key) {
		this.s3.deleteObject((request) -> request.bucket(this.media.bucket()).key(key));
	}

	/**
	 * Deletes every zip of the user, page by page.
	 * @return zips deleted
	 */
	int deleteAllOf(long userId) {
		String bucket = this.media.bucket();
		String prefix = this.properties.userPrefix(userId);
		int deleted = 0;
		while (true) {
			List<ObjectIdentifier> objects = this.s3
				.listObjectsV2((request) -> request.bucket(bucket).prefix(prefix).maxKeys(1000))
				.contents()
				.stream()
				.map(S3Object::key)
				.map((key) -> ObjectIdentifier.builder().key(key).build())
				.toList();
			if (objects.isEmpty()) {
				return deleted;
			}
			var response = this.s3.deleteObjects(
					(request) -> request.bucket(bucket).delete(Delete.builder().objects(objects).quiet(true).build()));
			if (response.hasErrors() && !response.errors().isEmpty()) {
				throw new IllegalStateException("S3 refused to delete " + response.errors().size()
						+ " export zips of user " + userId + ": " + response.errors().get(0).message());
			}
			deleted += objects.size();
		}
	}

}

package com.pixelgram.post.media;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where images go and how they are made.
 *
 * @param bucket the S3 bucket of originals and renditions
 * @param cdnBaseUrl image URLs are {@code {cdnBaseUrl}/{key}}: CloudFront in production,
 * S3Proxy in dev-stack
 * @param originalsPrefix key prefix of the originals, never served
 * @param renditionsPrefix key prefix of the renditions
 * @param maxUploadSize the largest upload
 * @param maxPixels the most pixels an upload may have, read from its header
 * @param maxDecodedPixels the most pixels one decode may hold in memory (4-byte pixels:
 * what a decoder holds whatever the subsampling counts too, so a WebP, decoded whole, may
 * have no more than this)
 * @param metadata the most metadata an upload may carry
 * @param renditionWidths widths of the wide renditions
 * @param thumbnailSize side of the square thumbnail
 * @param jpegQuality JPEG quality of every rendition, 0 to 1
 * @param cacheControl {@code Cache-Control} of every rendition
 * @param worker the rendition workers
 * @param lifecycle the bucket's storage-class transitions
 * @param orphanSweep the removal of originals that no post references
 */
@ConfigurationProperties("pixelgram.media")
public record MediaProperties(@DefaultValue("pixelgram-media") String bucket,
		@DefaultValue("http://127.0.0.1:19000/pixelgram-media") String cdnBaseUrl,
		@DefaultValue("originals/") String originalsPrefix, @DefaultValue("r/") String renditionsPrefix,
		@DefaultValue("10MB") DataSize maxUploadSize, @DefaultValue("50000000") long maxPixels,
		@DefaultValue("24000000") long maxDecodedPixels, @DefaultValue Metadata metadata, @DefaultValue( {
				"1080", "720", "480" }) List<Integer> renditionWidths,
		@DefaultValue("150") int thumbnailSize, @DefaultValue("0.85") float jpegQuality,
		@DefaultValue("public, max-age=31536000, immutable") String cacheControl, @DefaultValue Worker worker,
		@DefaultValue Lifecycle lifecycle, @DefaultValue OrphanSweep orphanSweep){

	/**
	 * The most metadata an upload may carry, refused before decoding: JPEG APPn and COM
	 * segments, PNG ancillary chunks (compressed text and ICC profiles counted as
	 * inflated), WebP chunks other than the image's.
	 *
	 * @param maxSegments the most segments or chunks
	 * @param maxSize the most bytes of them together
	 */
	public record Metadata(@DefaultValue("64") int maxSegments, @DefaultValue("1MB") DataSize maxSize) {

	}

	/**
	 * The bounded pool that makes renditions and removes objects.
	 *
	 * @param poolSize jobs processed at once by this instance
	 * @param lease how long a claimed job is reserved for its worker
	 * @param pollInterval how often due jobs (new, retried, or of a crashed worker) are
	 * looked for
	 * @param maxAttempts tries of a render job before the post is marked FAILED
	 * @param retryBackoff delay before a failed try is retried, times the attempt number
	 * @param shutdownTimeout how long shutdown waits for running jobs
	 */
	public record Worker(@DefaultValue("2") int poolSize, @DefaultValue("2m") Duration lease,
			@DefaultValue("5s") Duration pollInterval, @DefaultValue("5") int maxAttempts,
			@DefaultValue("30s") Duration retryBackoff, @DefaultValue("20s") Duration shutdownTimeout) {

	}

	/**
	 * The removal of originals whose upload stored them but never committed its post.
	 *
	 * @param grace how long an upload may take from storing its original to committing
	 * its post; an original still unreferenced after that is deleted
	 * @param interval time between sweeps
	 * @param batchSize originals deleted per transaction
	 */
	public record OrphanSweep(@DefaultValue("1h") Duration grace, @DefaultValue("15m") Duration interval,
			@DefaultValue("100") int batchSize) {

	}

	/**
	 * The bucket lifecycle configuration.
	 *
	 * @param applyOnStart whether the rules are put on the bucket at start
	 * @param infrequentAccessAfter age of the move to Standard-IA
	 * @param archiveAfter age of the move to the archive classes
	 * @param originalsArchiveStorageClass archive class of originals
	 * @param renditionsArchiveStorageClass archive class of renditions (must stay
	 * readable)
	 */
	public record Lifecycle(@DefaultValue("true") boolean applyOnStart,
			@DefaultValue("30d") Duration infrequentAccessAfter, @DefaultValue("365d") Duration archiveAfter,
			@DefaultValue("GLACIER") String originalsArchiveStorageClass,
			@DefaultValue("GLACIER_IR") String renditionsArchiveStorageClass) {

	}

}

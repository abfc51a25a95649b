package com.pixelgram.post.media;

import java.net.URI;
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
 * @param cache how long browsers and the CDN keep each rendition
 * @param worker the rendition workers
 * @param lifecycle the bucket's storage-class transitions
 * @param orphanSweep the removal of originals that no post references
 * @param cdn the CDN in front of the renditions
 */
@ConfigurationProperties("pixelgram.media")
public record MediaProperties(@DefaultValue("pixelgram-media") String bucket,
		@DefaultValue("http://127.0.0.1:19000/pixelgram-media") String cdnBaseUrl,
		@DefaultValue("originals/") String originalsPrefix, @DefaultValue("r/") String renditionsPrefix,
		@DefaultValue("10MB") DataSize maxUploadSize, @DefaultValue("50000000") long maxPixels,
		@DefaultValue("24000000") long maxDecodedPixels, @DefaultValue Metadata metadata, @DefaultValue( {
				"1080", "720", "480" }) List<Integer> renditionWidths,
		@DefaultValue("150") int thumbnailSize, @DefaultValue("0.85") float jpegQuality, @DefaultValue Cache cache,
		@DefaultValue Worker worker, @DefaultValue Lifecycle lifecycle, @DefaultValue OrphanSweep orphanSweep,
		@DefaultValue Cdn cdn){

	/**
	 * The {@code Cache-Control} of the renditions. Their keys are never reused (a random
	 * token and the post's ID), so they stay {@code immutable}: the max-age bounds how
	 * long a deleted post's photos may still be served from a cache that no invalidation
	 * reaches (a browser's).
	 *
	 * @param photoMaxAge max-age of the wide renditions
	 * @param thumbnailMaxAge max-age of the square thumbnail, shown in grids and
	 * notifications, so shorter
	 * @param immutable whether the renditions are marked {@code immutable} (never
	 * revalidated while fresh)
	 */
	public record Cache(@DefaultValue("24h") Duration photoMaxAge, @DefaultValue("1h") Duration thumbnailMaxAge,
			@DefaultValue("true") boolean immutable) {

		/** The {@code Cache-Control} of the photo renditions. */
		public String photo() {
			return header(this.photoMaxAge);
		}

		/** The {@code Cache-Control} of the thumbnail. */
		public String thumbnail() {
			return header(this.thumbnailMaxAge);
		}

		private String header(Duration maxAge) {
			return "public, max-age=" + maxAge.toSeconds() + (this.immutable ? ", immutable" : "");
		}

	}

	/**
	 * The CDN in front of the renditions.
	 *
	 * @param invalidation where deleted renditions are invalidated
	 */
	public record Cdn(@DefaultValue Invalidation invalidation) {

	}

	/**
	 * The invalidation of deleted renditions at the CDN. With {@code none}, deleted
	 * renditions stay at the edge until their max-age runs out.
	 *
	 * @param provider {@code none} or {@code cloudfront}
	 * @param distributionId the CloudFront distribution serving the bucket (required with
	 * {@code cloudfront})
	 * @param region the region the requests are signed for: CloudFront is global and
	 * signed for us-east-1 (cn-northwest-1 in China); named here rather than
	 * {@code aws-global}, whose requests through a custom endpoint would be signed for
	 * {@code aws-global}
	 * @param endpoint the CloudFront API's URL, when not AWS's (a test's stand-in)
	 * @param maxAttempts tries of one invalidation request, the SDK's back-off between
	 * them (throttling and 5xx are retried); a failure after them fails the deletion,
	 * whose job is tried again later
	 * @param timeout the longest one invalidation may take, its retries included
	 */
	public record Invalidation(@DefaultValue("none") Provider provider, String distributionId,
			@DefaultValue("us-east-1") String region, URI endpoint, @DefaultValue("3") int maxAttempts,
			@DefaultValue("20s") Duration timeout) {

		public enum Provider {

			NONE, CLOUDFRONT

		}

	}

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

package com.pixelgram.post.export;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The building of data exports.
 *
 * @param prefix key prefix of the zips in the media bucket: private, never under the
 * renditions' public prefix
 * @param partSize a zip larger than this is uploaded in parts of this size (S3 takes
 * parts of 5 MB or more)
 * @param poolSize exports built at once by this instance
 * @param lease how long a claimed build is reserved for its worker
 * @param pollInterval how often due builds (retried, or of a crashed worker) are looked
 * for
 * @param maxAttempts tries of a build before the export is FAILED
 * @param retryBackoff delay before a failed try is retried, times the attempt number
 * @param keepFinished how long a finished job is kept, so that a late redelivery of its
 * request builds nothing (a READY job stays at least until its zip is deleted)
 * @param retention how long after completion a zip stays in the bucket; user-service's
 * {@code pixelgram.users.exports.retention} hands out links as long, and shows the export
 * EXPIRED after it
 * @param expirySweepInterval how often zips past their retention are looked for
 * (ISO-8601)
 * @param expiryBatchSize zips one shard transaction leases for deletion
 */
@ConfigurationProperties("pixelgram.post.export")
record ExportProperties(@DefaultValue("exports/") String prefix, @DefaultValue("8MB") DataSize partSize,
		@DefaultValue("1") int poolSize, @DefaultValue("10m") Duration lease,
		@DefaultValue("30s") Duration pollInterval, @DefaultValue("3") int maxAttempts,
		@DefaultValue("1m") Duration retryBackoff, @DefaultValue("7d") Duration keepFinished,
		@DefaultValue("7d") Duration retention, @DefaultValue("PT15M") Duration expirySweepInterval,
		@DefaultValue("100") int expiryBatchSize) {

	ExportProperties {
		if (partSize.toBytes() < DataSize.ofMegabytes(5).toBytes()) {
			throw new IllegalArgumentException("pixelgram.post.export.part-size must be at least 5MB (S3's minimum)");
		}
	}

	/** The key of an export's zip. */
	String objectKey(long userId, long exportId) {
		return userPrefix(userId) + exportId + ".zip";
	}

	/** The prefix of every zip of a user. */
	String userPrefix(long userId) {
		return this.prefix + userId + "/";
	}

}

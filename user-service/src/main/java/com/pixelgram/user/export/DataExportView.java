package com.pixelgram.user.export;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * An export as the API shows it.
 *
 * @param exportId the export
 * @param status PENDING, READY, FAILED, or EXPIRED once the zip is deleted
 * ({@code pixelgram.users.exports.retention} after completion)
 * @param createdAt when it was requested
 * @param completedAt when it became READY or FAILED
 * @param downloadUrl a presigned link to the zip, READY only, made anew on every read
 * @param expiresAt when {@code download_url} stops working
 * @param size the zip's size in bytes, READY only
 */
record DataExportView(@JsonId long exportId, ExportStatus status, Instant createdAt, Instant completedAt,
		String downloadUrl, Instant expiresAt, Long size) {

}

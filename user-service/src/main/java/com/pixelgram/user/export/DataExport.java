package com.pixelgram.user.export;

import java.time.Instant;

/**
 * A {@code data_export} row.
 *
 * @param exportId the export
 * @param userId whose data
 * @param status where it stands
 * @param objectKey the zip's key, once READY
 * @param size the zip's size in bytes, once READY
 * @param createdAt when it was requested
 * @param completedAt when it became READY or FAILED
 */
record DataExport(long exportId, long userId, ExportStatus status, String objectKey, Long size, Instant createdAt,
		Instant completedAt) {

}

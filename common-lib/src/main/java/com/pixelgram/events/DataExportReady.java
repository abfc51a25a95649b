package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user's data export is stored, as one zip object in the private part of the media
 * bucket; user-service hands out short-lived links to it.
 *
 * @param exportId the export
 * @param userId whose data
 * @param objectKey the zip's key in the media bucket
 * @param size the zip's size in bytes
 * @param completedAt when the zip was stored
 */
public record DataExportReady(@JsonId long exportId, @JsonId long userId, String objectKey, long size,
		Instant completedAt) implements DomainEvent {

}

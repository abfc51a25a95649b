package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user's data export could not be built after every retry; the user may ask again.
 *
 * @param exportId the export
 * @param userId whose data
 * @param reason why, for operators (not shown to the user)
 * @param failedAt when it was given up
 */
public record DataExportFailed(@JsonId long exportId, @JsonId long userId, String reason,
		Instant failedAt) implements DomainEvent {

}

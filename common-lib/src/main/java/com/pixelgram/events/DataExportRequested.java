package com.pixelgram.events;

import java.time.Instant;
import java.util.Map;

import com.pixelgram.id.JsonId;

/**
 * A user asked for a copy of their data: the service that holds their posts, likes and
 * comments builds the archive. It carries the profile as the user sees it at the request,
 * so that the builder asks user-service nothing.
 *
 * @param exportId the export, in the user's shard
 * @param userId whose data
 * @param profile the user's own profile as {@code GET /v1/users/me} answers it
 * @param requestedAt when the request was committed
 */
public record DataExportRequested(@JsonId long exportId, @JsonId long userId, Map<String, Object> profile,
		Instant requestedAt) implements DomainEvent {

}

package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A user asked to follow a private account, which approves or rejects the request.
 */
public record FollowRequested(@JsonId long requesterId, @JsonId long followeeId,
		Instant requestedAt) implements DomainEvent {

}

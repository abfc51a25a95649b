package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user stopped following another. */
public record FollowDeleted(@JsonId long followerId, @JsonId long followeeId,
		Instant deletedAt) implements DomainEvent {

}

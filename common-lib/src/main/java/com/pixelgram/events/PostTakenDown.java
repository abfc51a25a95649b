package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A moderator took a reported post down: its owner deletes it as its author would.
 */
public record PostTakenDown(@JsonId long postId, @JsonId long authorId, @JsonId long moderatorId,
		Instant takenDownAt) implements DomainEvent {

}

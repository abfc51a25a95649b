package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A moderator took a reported comment down: its owner deletes it as its author would.
 */
public record CommentTakenDown(@JsonId long commentId, @JsonId long postId, @JsonId long authorId,
		@JsonId long moderatorId, Instant takenDownAt) implements DomainEvent {

}

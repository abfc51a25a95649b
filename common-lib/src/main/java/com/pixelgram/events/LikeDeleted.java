package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user took back a like. */
public record LikeDeleted(@JsonId long postId, @JsonId long postAuthorId, @JsonId long userId,
		Instant deletedAt) implements DomainEvent {

}

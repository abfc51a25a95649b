package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A post was deleted by its author. */
public record PostDeleted(@JsonId long postId, @JsonId long authorId, Instant deletedAt) implements DomainEvent {

}

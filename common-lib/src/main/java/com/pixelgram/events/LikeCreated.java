package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user liked a post. */
public record LikeCreated(@JsonId long postId, @JsonId long postAuthorId, @JsonId long userId,
		Instant createdAt) implements DomainEvent {

}

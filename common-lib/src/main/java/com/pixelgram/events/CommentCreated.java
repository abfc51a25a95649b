package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A user commented on a post. */
public record CommentCreated(@JsonId long commentId, @JsonId long postId, @JsonId long postAuthorId,
		@JsonId long userId, String text, Instant createdAt) implements DomainEvent {

}

package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/** A comment was deleted, by its author or by the post's owner. */
public record CommentDeleted(@JsonId long commentId, @JsonId long postId, @JsonId long postAuthorId,
		@JsonId long userId, Instant deletedAt) implements DomainEvent {

}

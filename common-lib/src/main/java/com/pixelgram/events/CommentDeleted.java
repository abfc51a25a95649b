package com.pixelgram.events;

import java.time.Instant;
import java.util.List;

import com.pixelgram.id.JsonId;

/**
 * A comment was deleted, by its author or by the post's owner.
 *
 * @param commentId the comment
 * @param postId the post
 * @param postAuthorId the post's author
 * @param userId the comment's author
 * @param deletedAt when
 * @param mentions the comment's mentions of users, whose notifications go with it (empty
 * in events of a version that did not send them)
 */
public record CommentDeleted(@JsonId long commentId, @JsonId long postId, @JsonId long postAuthorId,
		@JsonId long userId, Instant deletedAt, List<Mention> mentions) implements DomainEvent {

	public CommentDeleted {
		mentions = (mentions != null) ? List.copyOf(mentions) : List.of();
	}

	/** A deleted comment that mentioned nobody. */
	public CommentDeleted(long commentId, long postId, long postAuthorId, long userId, Instant deletedAt) {
		this(commentId, postId, postAuthorId, userId, deletedAt, List.of());
	}

}

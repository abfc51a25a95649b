package com.pixelgram.events;

import java.time.Instant;

import com.pixelgram.id.JsonId;

/**
 * A caption or a comment newly mentions a user. One event per mentioned user and text,
 * never for the writer themselves; an edit that keeps a mention sends none again.
 *
 * @param mentionedUserId who is mentioned (the recipient)
 * @param actorId who wrote the text
 * @param postId the post the text belongs to
 * @param postAuthorId the post's author
 * @param commentId the comment that mentions, or {@code null} for the caption
 * @param text the comment's or caption's text
 * @param thumbnailUrl the post's 150 px square
 * @param createdAt when the text (or its edit) was committed
 */
public record UserMentioned(@JsonId long mentionedUserId, @JsonId long actorId, @JsonId long postId,
		@JsonId long postAuthorId, @JsonId Long commentId, String text, String thumbnailUrl,
		Instant createdAt) implements DomainEvent {

}

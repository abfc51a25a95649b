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
 * @param text the comment's or caption's text, {@code null} when the recipient may not
 * see the post
 * @param thumbnailUrl the post's 150 px square, {@code null} when the recipient may not
 * see the post
 * @param createdAt when the text (or its edit) was committed
 * @param postVisible whether the recipient may see the post when the text is committed
 * (the author is public, or the recipient follows them or is the author): a private
 * account's post must not reach a non-follower through the notification, so with
 * {@code false} it carries who mentioned them and nothing of the post; {@code null} from
 * older producers, which did not know
 */
public record UserMentioned(@JsonId long mentionedUserId, @JsonId long actorId, @JsonId long postId,
		@JsonId long postAuthorId, @JsonId Long commentId, String text, String thumbnailUrl, Instant createdAt,
		Boolean postVisible) implements DomainEvent {

	/**
	 * Whether the notification may show the post's text and thumbnail: unless the
	 * producer said the recipient may not see the post.
	 */
	public boolean mayShowPost() {
		return !Boolean.FALSE.equals(this.postVisible);
	}

}

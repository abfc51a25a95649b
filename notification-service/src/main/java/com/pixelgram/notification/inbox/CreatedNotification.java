package com.pixelgram.notification.inbox;

import java.time.Instant;

/**
 * A notification that a committed transaction just stored (or a like group that a new
 * like just moved to the top): what a push needs to know.
 *
 * @param notificationId the item's ID
 * @param recipientId who receives it
 * @param type its type
 * @param actorId who acted
 * @param actorCount likers in a like group, 1 otherwise
 * @param postId the post it is about, or {@code null}
 * @param commentText the comment, or {@code null}
 * @param createdAt when the action happened
 */
public record CreatedNotification(long notificationId, long recipientId, NotificationType type, long actorId,
		int actorCount, Long postId, String commentText, Instant createdAt) {

}

package com.pixelgram.notification.inbox;

import java.time.Instant;
import java.util.List;

import com.pixelgram.id.JsonId;

/**
 * One item of the list. A like group carries its newest likers in {@code actors}, all of
 * them in {@code actors_count}, and {@code others_count} beside the one {@code actor}
 * named first ("alice and 12 others").
 *
 * @param notificationId the item's ID (for a like group, that of its newest like)
 * @param type LIKE, COMMENT, FOLLOW, NEW_POST, MENTION, FOLLOW_REQUEST or EXPORT_READY
 * @param actor who acted (the newest liker of a group)
 * @param actors the newest likers of a like group
 * @param actorsCount all likers of a like group
 * @param othersCount likers besides {@code actor}
 * @param post the post it is about
 * @param commentText the comment of a COMMENT, or of a MENTION in a comment
 * @param summary the line to show
 * @param createdAt when the (newest) action happened
 * @param read whether it was marked read
 * @param exportId the data export of an EXPORT_READY ({@code GET
 * /v1/users/me/exports/{id}})
 */
record NotificationItem(@JsonId long notificationId, NotificationType type, Actor actor, List<Actor> actors,
		Integer actorsCount, Integer othersCount, PostRef post, String commentText, String summary, Instant createdAt,
		boolean read, @JsonId Long exportId) {

	/**
	 * A user who acted; the username and image are missing when user-service could not
	 * say.
	 *
	 * @param userId the user ID
	 * @param username the username
	 * @param profileImageUrl the avatar
	 */
	record Actor(@JsonId long userId, String username, String profileImageUrl) {

	}

	/**
	 * The post a notification is about.
	 *
	 * @param postId the post ID
	 * @param thumbnailUrl its 150 px thumbnail, when known
	 */
	record PostRef(@JsonId long postId, String thumbnailUrl) {

	}

}

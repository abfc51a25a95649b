package com.pixelgram.notification.inbox;

/** What a notification is about. */
public enum NotificationType {

	/** Likes of the recipient's post, grouped per post. */
	LIKE,

	/** A comment on the recipient's post. */
	COMMENT,

	/** A new follower. */
	FOLLOW,

	/** A new post of someone the recipient follows. */
	NEW_POST,

	/** A caption or comment that mentions the recipient ({@code @username}). */
	MENTION,

	/** A request to follow the recipient's private account. */
	FOLLOW_REQUEST,

	/** The recipient's data export is ready to download; the actor is the recipient. */
	EXPORT_READY

}

package com.pixelgram.notification.inbox;

import java.util.List;

/**
 * The one-line text of a notification, shared by the list and the push message. A missing
 * username (user-service did not answer) reads as "Someone".
 */
public final class Summaries {

	private static final int COMMENT_PREVIEW = 100;

	private Summaries() {
	}

	/**
	 * @param type the notification's type
	 * @param actorNames usernames of the actors shown, newest first ({@code null} when
	 * unknown)
	 * @param actorCount all actors of a like group (1 for other types)
	 * @param commentText the comment of a COMMENT or of a MENTION in a comment
	 */
	public static String of(NotificationType type, List<String> actorNames, int actorCount, String commentText) {
		String first = name(actorNames.isEmpty() ? null : actorNames.get(0));
		return switch (type) {
			case LIKE -> likers(first, actorNames, actorCount) + " liked your post";
			case COMMENT -> first + " commented: " + preview(commentText);
			case FOLLOW -> first + " started following you";
			case NEW_POST -> first + " shared a new post";
			case MENTION -> (commentText != null) ? first + " mentioned you in a comment: " + preview(commentText)
					: first + " mentioned you in a post";
			case FOLLOW_REQUEST -> first + " asked to follow you";
			case EXPORT_READY -> "Your data export is ready to download";
		};
	}

	private static String likers(String first, List<String> actorNames, int actorCount) {
		if (actorCount <= 1) {
			return first;
		}
		if (actorCount == 2 && actorNames.size() >= 2 && actorNames.get(1) != null) {
			return first + " and " + actorNames.get(1);
		}
		int others = actorCount - 1;
		return first + " and " + others + ((others == 1) ? " other" : " others");
	}

	private static String name(String username) {
		return (username != null && !username.isBlank()) ? username : "Someone";
	}

	private static String preview(String text) {
		if (text == null) {
			return "";
		}
		return (text.length() <= COMMENT_PREVIEW) ? text : text.substring(0, COMMENT_PREVIEW - 1) + "…";
	}

}

package com.pixelgram.post.export;

import java.time.Instant;
import java.util.List;

import com.pixelgram.id.JsonId;
import tools.jackson.databind.JsonNode;

/** What the JSON files of an export hold, field by field. */
final class ExportRecords {

	private ExportRecords() {
	}

	/**
	 * One of the user's posts in {@code posts.json}.
	 *
	 * @param postId the post
	 * @param caption its caption
	 * @param location its location
	 * @param altText its alternative text
	 * @param hashtags the caption's hashtags
	 * @param mentions the caption's mentions ({@code user_id}, {@code username},
	 * {@code start}, {@code end})
	 * @param uploadStatus PROCESSING, READY or FAILED
	 * @param width displayed width of the photo
	 * @param height displayed height of the photo
	 * @param photo the original photo's path in the zip, absent when it is not stored
	 * @param createdAt when it was posted
	 * @param editedAt when its text was last edited
	 */
	record ExportedPost(@JsonId long postId, String caption, String location, String altText, List<String> hashtags,
			JsonNode mentions, String uploadStatus, int width, int height, String photo, Instant createdAt,
			Instant editedAt) {

	}

	/**
	 * A comment the user wrote, in {@code comments.json}.
	 *
	 * @param commentId the comment
	 * @param postId the post it is on
	 * @param replyTo the comment it answers
	 * @param text its text
	 * @param mentions its mentions
	 * @param createdAt when it was written
	 */
	record ExportedComment(@JsonId long commentId, @JsonId long postId, @JsonId Long replyTo, String text,
			JsonNode mentions, Instant createdAt) {

	}

	/**
	 * A post the user liked, in {@code likes.json}.
	 *
	 * @param postId the post
	 * @param createdAt when the user liked it
	 */
	record ExportedLike(@JsonId long postId, Instant createdAt) {

	}

	/** {@code posts.json}. */
	record Posts(List<ExportedPost> posts) {

	}

	/** {@code comments.json}. */
	record Comments(List<ExportedComment> comments) {

	}

	/** {@code likes.json}. */
	record Likes(List<ExportedLike> likes) {

	}

}

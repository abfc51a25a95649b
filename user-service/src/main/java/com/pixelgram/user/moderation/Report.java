package com.pixelgram.user.moderation;

import java.time.Instant;
import java.util.List;

import com.pixelgram.id.JsonId;

/**
 * A report and, once resolved, the moderator's decision.
 *
 * @param id the report
 * @param reporterId who reported
 * @param targetType {@code post}, {@code comment} or {@code user}
 * @param targetId the post, comment or user reported
 * @param targetUserId the account behind the target: the user, or the post's or comment's
 * author
 * @param postId a comment's post, {@code null} for the other types
 * @param reason one of {@link #REASONS}
 * @param comment the reporter's words, or {@code null}
 * @param status {@code OPEN} or {@code RESOLVED}
 * @param action the decision ({@code dismiss}, {@code take_down}, {@code suspend}), or
 * {@code null} while open
 * @param note the moderator's note, or {@code null}
 * @param resolvedBy the moderator who resolved it, or {@code null} while open
 * @param createdAt when it was reported
 * @param resolvedAt when it was resolved, or {@code null} while open
 */
record Report(@JsonId long id, @JsonId long reporterId, String targetType, @JsonId long targetId,
		@JsonId long targetUserId, @JsonId Long postId, String reason, String comment, String status, String action,
		String note, @JsonId Long resolvedBy, Instant createdAt, Instant resolvedAt) {

	static final List<String> TARGET_TYPES = List.of("post", "comment", "user");

	static final List<String> REASONS = List.of("spam", "harassment", "nudity", "violence", "hate", "self_harm",
			"other");

	static final List<String> ACTIONS = List.of("dismiss", "take_down", "suspend");

	static final String OPEN = "OPEN";

	static final String RESOLVED = "RESOLVED";

}

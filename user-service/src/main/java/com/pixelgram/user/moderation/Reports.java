package com.pixelgram.user.moderation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.pixelgram.events.CommentTakenDown;
import com.pixelgram.events.PostTakenDown;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.follow.FollowGraph;
import com.pixelgram.user.follow.Safety;
import com.pixelgram.user.post.PostOwners;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Service;

/**
 * Reports and their resolution.
 * <p>
 * A report names what the reporter can see: a user, or a post or comment of a user, not
 * blocked either way, whose account is live and, when private, followed by the reporter.
 * Posts and comments are found in what post-service's events told user-service
 * ({@link PostOwners}), not by a call
 * (docs/decisions/0012-reports-in-the-global-schema.md).
 * <p>
 * A decision's effect goes first, in the shard transaction of the account or content it
 * concerns (with its event), and the report is marked resolved after it in the global
 * schema: a failure in between leaves the report open, and resolving it again repeats an
 * effect that is idempotent (a suspension once, a take-down of content already gone
 * changes nothing).
 */
@Service
class Reports {

	private final Shards shards;

	private final ReportRepository reports;

	private final IdGenerator ids;

	private final AccountReader accounts;

	private final Safety safety;

	private final FollowGraph follows;

	private final PostOwners owners;

	private final Suspensions suspensions;

	private final EventPublisher events;

	private final ModerationProperties properties;

	Reports(Shards shards, ReportRepository reports, IdGenerator ids, AccountReader accounts, Safety safety,
			FollowGraph follows, PostOwners owners, Suspensions suspensions, EventPublisher events,
			ModerationProperties properties) {
		this.shards = shards;
		this.reports = reports;
		this.ids = ids;
		this.accounts = accounts;
		this.safety = safety;
		this.follows = follows;
		this.owners = owners;
		this.suspensions = suspensions;
		this.events = events;
		this.properties = properties;
	}

	/**
	 * Files a report, or returns the reporter's open report of the same target.
	 * @return the report and whether it is new
	 * @throws ApiException 400 for an invalid request, 404 for a target the reporter
	 * cannot see, 422 for a report of the reporter or of their own content
	 */
	Filed file(long reporterId, String targetType, String targetId, String reason, String comment) {
		List<FieldViolation> errors = new ArrayList<>();
		String type = (targetType != null) ? targetType.toLowerCase(Locale.ROOT) : null;
		if (type == null || !Report.TARGET_TYPES.contains(type)) {
			errors.add(new FieldViolation("target_type", "must be one of " + String.join(", ", Report.TARGET_TYPES)));
		}
		Long target = parseId(targetId);
		if (target == null) {
			errors.add(new FieldViolation("target_id", "must be an ID"));
		}
		if (reason == null || !Report.REASONS.contains(reason)) {
			errors.add(new FieldViolation("reason", "must be one of " + String.join(", ", Report.REASONS)));
		}
		String text = (comment != null && !comment.isBlank()) ? comment.strip() : null;
		if (text != null && text.length() > this.properties.maxCommentLength()) {
			errors.add(new FieldViolation("comment",
					"must be at most " + this.properties.maxCommentLength() + " characters"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation("The report is invalid.", errors);
		}
		Target resolved = target(reporterId, type, target);
		Optional<Report> existing = this.shards.readGlobal(() -> this.reports.findOpen(reporterId, type, target));
		if (existing.isPresent()) {
			return new Filed(existing.get(), false);
		}
		Report report = new Report(this.ids.nextId(this.shards.shardOf(reporterId)), reporterId, type, target,
				resolved.userId(), resolved.postId(), reason, text, Report.OPEN, null, null, null,
				Instant.now().truncatedTo(ChronoUnit.MICROS), null);
		boolean inserted = this.shards.writeGlobal(() -> this.reports.insertOpen(report));
		if (inserted) {
			return new Filed(report, true);
		}
		// A concurrent identical report won.
		return new Filed(this.shards.readGlobal(() -> this.reports.findOpen(reporterId, type, target))
			.orElseThrow(() -> ApiException.conflict("The report changed meanwhile; send it again.")), false);
	}

	/**
	 * A page of the reports of a status ({@code open} or {@code resolved}), oldest first.
	 */
	List<Report> page(String status, long offset, int fetch) {
		String stored = switch ((status != null) ? status.toLowerCase(Locale.ROOT) : "open") {
			case "open" -> Report.OPEN;
			case "resolved" -> Report.RESOLVED;
			default -> throw ApiException.validation("The status is invalid.",
					List.of(new FieldViolation("status", "must be open or resolved")));
		};
		return this.shards.readGlobal(() -> this.reports.page(stored, offset, fetch));
	}

	/**
	 * Resolves a report. Resolving it again with the same action returns it as it is.
	 * @throws ApiException 400 for an invalid decision, 404 for an unknown report, 409
	 * for a report resolved with another action, 422 for a take-down of a user
	 */
	Report resolve(long moderatorId, long reportId, String action, String note) {
		List<FieldViolation> errors = new ArrayList<>();
		if (action == null || !Report.ACTIONS.contains(action)) {
			errors.add(new FieldViolation("action", "must be one of " + String.join(", ", Report.ACTIONS)));
		}
		String text = (note != null && !note.isBlank()) ? note.strip() : null;
		if (text != null && text.length() > this.properties.maxNoteLength()) {
			errors
				.add(new FieldViolation("note", "must be at most " + this.properties.maxNoteLength() + " characters"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation("The decision is invalid.", errors);
		}
		Report report = this.shards.readGlobal(() -> this.reports.find(reportId))
			.orElseThrow(() -> ApiException.notFound("There is no such report."));
		if (Report.RESOLVED.equals(report.status())) {
			if (action.equals(report.action())) {
				return report;
			}
			throw ApiException.conflict("The report was resolved already, with " + report.action() + ".");
		}
		if ("take_down".equals(action) && "user".equals(report.targetType())) {
			throw new ApiException(HttpStatusCode.valueOf(422), "unsupported-action", "Unsupported action",
					"A user is not taken down: suspend them instead.");
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		if ("suspend".equals(action)) {
			this.suspensions.suspend(report.targetUserId());
		}
		else if ("take_down".equals(action)) {
			takeDown(report, moderatorId, now);
		}
		this.shards.writeGlobal(() -> this.reports.resolve(reportId, action, text, moderatorId, now));
		return this.shards.readGlobal(() -> this.reports.find(reportId)).orElseThrow();
	}

	private void takeDown(Report report, long moderatorId, Instant now) {
		if ("post".equals(report.targetType())) {
			this.shards.write(this.shards.shardOf(report.targetId()), () -> this.events
				.publish(new PostTakenDown(report.targetId(), report.targetUserId(), moderatorId, now)));
		}
		else {
			this.shards.write(this.shards.shardOf(report.targetId()), () -> this.events.publish(
					new CommentTakenDown(report.targetId(), report.postId(), report.targetUserId(), moderatorId, now)));
		}
	}

	/** The account behind a target the reporter can see. */
	private Target target(long reporterId, String type, long targetId) {
		switch (type) {
			case "user" -> {
				if (targetId == reporterId) {
					throw selfReport("You cannot report yourself.");
				}
				requireVisible(reporterId, targetId, "There is no such user.");
				return new Target(targetId, null);
			}
			case "post" -> {
				long authorId = this.owners.authorOfPost(targetId)
					.orElseThrow(() -> ApiException.notFound("There is no such post."));
				if (authorId == reporterId) {
					throw selfReport("You cannot report your own post.");
				}
				requireVisible(reporterId, authorId, "There is no such post.");
				return new Target(authorId, null);
			}
			default -> {
				PostOwners.CommentOwner comment = this.owners.comment(targetId)
					.orElseThrow(() -> ApiException.notFound("There is no such comment."));
				if (comment.userId() == reporterId) {
					throw selfReport("You cannot report your own comment.");
				}
				long postAuthor = this.owners.authorOfPost(comment.postId())
					.orElseThrow(() -> ApiException.notFound("There is no such comment."));
				if (postAuthor != reporterId) {
					requireVisible(reporterId, postAuthor, "There is no such comment.");
				}
				requireVisible(reporterId, comment.userId(), "There is no such comment.");
				return new Target(comment.userId(), comment.postId());
			}
		}
	}

	/**
	 * The account is live, neither blocked the other, and a private one is followed by
	 * the viewer; else 404, as a read of it would answer.
	 */
	private void requireVisible(long viewerId, long userId, String notFound) {
		Optional<Account> account = this.accounts.find(userId);
		if (account.isEmpty() || this.safety.blockedEitherWay(viewerId, userId)) {
			throw ApiException.notFound(notFound);
		}
		if (account.get().isPrivate() && viewerId != userId && !this.follows.isFollowing(viewerId, userId)) {
			throw ApiException.notFound(notFound);
		}
	}

	private static Long parseId(String value) {
		if (value == null) {
			return null;
		}
		try {
			long id = Long.parseLong(value.strip());
			return (id > 0) ? id : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static ApiException selfReport(String detail) {
		return new ApiException(HttpStatusCode.valueOf(422), "self-report", "Reporting yourself", detail);
	}

	/**
	 * A page of the moderators' queue.
	 *
	 * @param reports the reports, oldest first
	 */
	record Page(List<Report> reports) {

	}

	/** A report filed, and whether it is new. */
	record Filed(Report report, boolean created) {

	}

	/**
	 * The account behind a target, and a comment's post.
	 */
	private record Target(long userId, Long postId) {

	}

}

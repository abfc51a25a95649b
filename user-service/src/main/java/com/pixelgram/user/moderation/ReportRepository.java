package com.pixelgram.user.moderation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.pixelgram.shard.Shards;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static com.pixelgram.user.account.AccountRepository.instant;
import static com.pixelgram.user.account.AccountRepository.timestamp;

/**
 * The {@code report} table of the global schema. Every method runs inside the caller's
 * global transaction ({@link Shards#writeGlobal}, {@link Shards#readGlobal}).
 */
@Repository
class ReportRepository {

	private static final String COLUMNS = "id, reporter_id, target_type, target_id, target_user_id, post_id, reason, "
			+ "comment, status, action, note, resolved_by, created_at, resolved_at";

	private final Shards shards;

	ReportRepository(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Inserts an open report unless the reporter has one open on the same target.
	 * @return whether it was inserted
	 */
	boolean insertOpen(Report report) {
		return jdbc()
			.sql("INSERT INTO report (" + COLUMNS + ") VALUES (:id, :reporter, :targetType, :targetId, "
					+ ":targetUser, :postId, :reason, :comment, 'OPEN', NULL, NULL, NULL, :createdAt, NULL) "
					+ "ON CONFLICT (reporter_id, target_type, target_id) WHERE status = 'OPEN' DO NOTHING")
			.param("id", report.id())
			.param("reporter", report.reporterId())
			.param("targetType", report.targetType())
			.param("targetId", report.targetId())
			.param("targetUser", report.targetUserId())
			.param("postId", report.postId())
			.param("reason", report.reason())
			.param("comment", report.comment())
			.param("createdAt", timestamp(report.createdAt()))
			.update() == 1;
	}

	/** The reporter's open report of a target. */
	Optional<Report> findOpen(long reporterId, String targetType, long targetId) {
		return jdbc()
			.sql("SELECT " + COLUMNS + " FROM report WHERE reporter_id = :reporter AND target_type = :targetType "
					+ "AND target_id = :targetId AND status = 'OPEN'")
			.param("reporter", reporterId)
			.param("targetType", targetType)
			.param("targetId", targetId)
			.query(ReportRepository::map)
			.optional();
	}

	Optional<Report> find(long id) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM report WHERE id = :id")
			.param("id", id)
			.query(ReportRepository::map)
			.optional();
	}

	/** A page of the reports of a status, oldest first. */
	List<Report> page(String status, long offset, int limit) {
		return jdbc()
			.sql("SELECT " + COLUMNS + " FROM report WHERE status = :status ORDER BY created_at, id "
					+ "OFFSET :offset LIMIT :limit")
			.param("status", status)
			.param("offset", offset)
			.param("limit", limit)
			.query(ReportRepository::map)
			.list();
	}

	/**
	 * Records the decision on an open report.
	 * @return whether the report was open until now
	 */
	boolean resolve(long id, String action, String note, long moderatorId, Instant at) {
		return jdbc()
			.sql("UPDATE report SET status = 'RESOLVED', action = :action, note = :note, resolved_by = :moderator, "
					+ "resolved_at = :at WHERE id = :id AND status = 'OPEN'")
			.param("id", id)
			.param("action", action)
			.param("note", note)
			.param("moderator", moderatorId)
			.param("at", timestamp(at))
			.update() == 1;
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

	private static Report map(ResultSet rs, int row) throws SQLException {
		long postId = rs.getLong("post_id");
		Long post = rs.wasNull() ? null : postId;
		long resolvedBy = rs.getLong("resolved_by");
		Long moderator = rs.wasNull() ? null : resolvedBy;
		return new Report(rs.getLong("id"), rs.getLong("reporter_id"), rs.getString("target_type"),
				rs.getLong("target_id"), rs.getLong("target_user_id"), post, rs.getString("reason"),
				rs.getString("comment"), rs.getString("status"), rs.getString("action"), rs.getString("note"),
				moderator, instant(rs, "created_at"), instant(rs, "resolved_at"));
	}

}

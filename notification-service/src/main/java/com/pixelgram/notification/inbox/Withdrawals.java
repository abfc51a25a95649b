package com.pixelgram.notification.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tombstones of withdrawn subjects and the per-subject locks that make "check the
 * tombstone, then insert" and "write the tombstone, then delete" exclusive. Runs inside a
 * shard transaction; both the lock and the tombstone belong to that shard.
 */
final class Withdrawals {

	private final JdbcClient jdbc;

	Withdrawals(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	static String post(long postId) {
		return "post:" + postId;
	}

	static String like(long postId, long actorId) {
		return "like:" + postId + ":" + actorId;
	}

	static String comment(long commentId) {
		return "comment:" + commentId;
	}

	/** A deleted account, in its own shard. */
	static String user(long userId) {
		return "user:" + userId;
	}

	static String follow(long followeeId, long followerId) {
		return "follow:" + followeeId + ":" + followerId;
	}

	/**
	 * Holds the subject's lock until the transaction ends. Callers that take two take the
	 * post's first, so that two handlers never wait on each other.
	 */
	void lock(String subject) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0))")
			.param("subject", subject)
			.query((rs) -> {
			});
	}

	/** When the subject was withdrawn, if it was. */
	Optional<Instant> withdrawnAt(String subject) {
		return this.jdbc.sql("SELECT withdrawn_at FROM withdrawal WHERE subject = :subject")
			.param("subject", subject)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	/**
	 * Whether a create that happened at {@code at} was withdrawn afterwards (or at once).
	 */
	boolean withdrawnSince(String subject, Instant at) {
		return withdrawnAt(subject).filter((withdrawn) -> !withdrawn.isBefore(at)).isPresent();
	}

	/** Records the withdrawal, keeping the later time when there is one already. */
	void record(String subject, Instant at) {
		this.jdbc
			.sql("INSERT INTO withdrawal (subject, withdrawn_at) VALUES (:subject, :at) ON CONFLICT (subject) "
					+ "DO UPDATE SET withdrawn_at = greatest(withdrawal.withdrawn_at, EXCLUDED.withdrawn_at), "
					+ "recorded_at = now()")
			.param("subject", subject)
			.param("at", timestamp(at))
			.update();
	}

	static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}

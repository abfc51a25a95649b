package com.pixelgram.user.mail;

import java.time.Instant;
import java.util.List;

import com.pixelgram.user.account.AccountRepository;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code mail_outbox} table of a shard; every method runs inside the caller's
 * transaction of that shard.
 */
final class MailOutboxRepository {

	private MailOutboxRepository() {
	}

	static void insert(JdbcClient jdbc, long userId, String template, String recipient, String model, Instant now) {
		jdbc.sql("INSERT INTO mail_outbox (user_id, template, recipient, model, created_at, next_attempt_at) "
				+ "VALUES (:userId, :template, :recipient, :model, :now, :now)")
			.param("userId", userId)
			.param("template", template)
			.param("recipient", recipient)
			.param("model", model)
			.param("now", AccountRepository.timestamp(now))
			.update();
	}

	/**
	 * Locks up to {@code limit} rows whose try is due, oldest first, skipping rows
	 * another sender holds.
	 */
	static List<Pending> claimDue(JdbcClient jdbc, Instant now, int limit) {
		return jdbc
			.sql("SELECT id, user_id, template, recipient, model, created_at, attempts FROM mail_outbox "
					+ "WHERE next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
			.param("now", AccountRepository.timestamp(now))
			.param("limit", limit)
			.query((rs, row) -> new Pending(rs.getLong("id"), rs.getLong("user_id"), rs.getString("template"),
					rs.getString("recipient"), rs.getString("model"), AccountRepository.instant(rs, "created_at"),
					rs.getInt("attempts")))
			.list();
	}

	static void delete(JdbcClient jdbc, long id) {
		jdbc.sql("DELETE FROM mail_outbox WHERE id = :id").param("id", id).update();
	}

	static void retryLater(JdbcClient jdbc, long id, Instant next, String error) {
		jdbc.sql("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error "
				+ "WHERE id = :id")
			.param("id", id)
			.param("next", AccountRepository.timestamp(next))
			.param("error", (error.length() > 500) ? error.substring(0, 500) : error)
			.update();
	}

	/**
	 * A mail waiting to be sent.
	 *
	 * @param id the row
	 * @param userId the recipient's account
	 * @param template the template's name
	 * @param recipient the address
	 * @param model the template's values, JSON
	 * @param createdAt when the change that caused it committed
	 * @param attempts failed tries so far
	 */
	record Pending(long id, long userId, String template, String recipient, String model, Instant createdAt,
			int attempts) {

	}

}

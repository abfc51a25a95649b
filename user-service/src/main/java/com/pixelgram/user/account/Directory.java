package com.pixelgram.user.account;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.pixelgram.shard.Shards;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;

/**
 * The global username/email directory: uniqueness across shards and the way from a login
 * name to a user ID. Every method runs inside the caller's global transaction
 * ({@link Shards#writeGlobal}/{@link Shards#readGlobal}).
 */
@Repository
public class Directory {

	private final Shards shards;

	Directory(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Reserves the username and email for a new user, unconfirmed.
	 * @throws DuplicateKeyException when either is taken; {@link #conflictOf} says which
	 */
	public void reserve(long userId, String username, String email) {
		this.shards.jdbc()
			.sql("INSERT INTO directory (user_id, username_key, email_key) VALUES (:id, :username, :email)")
			.param("id", userId)
			.param("username", AccountRules.key(username))
			.param("email", AccountRules.emailKey(email))
			.update();
	}

	/** Marks a reservation as backed by an account row. */
	public void confirm(long userId) {
		this.shards.jdbc()
			.sql("UPDATE directory SET confirmed = true WHERE user_id = :id")
			.param("id", userId)
			.update();
	}

	/** Gives up a reservation whose account row was never written. */
	public void release(long userId) {
		this.shards.jdbc().sql("DELETE FROM directory WHERE user_id = :id").param("id", userId).update();
	}

	/**
	 * Moves a user to another username; the old one is free again when the transaction
	 * commits.
	 * @throws DuplicateKeyException when the new one is taken
	 */
	public void changeUsername(long userId, String username) {
		this.shards.jdbc()
			.sql("UPDATE directory SET username_key = :username WHERE user_id = :id")
			.param("id", userId)
			.param("username", AccountRules.key(username))
			.update();
	}

	/**
	 * Starts the cooling-off of a deleted account: its username and email stay taken
	 * until {@link #releaseDeletedBefore} frees them. Keeps the first time it was marked.
	 */
	public void markDeleted(long userId, Instant deletedAt) {
		this.shards.jdbc()
			.sql("UPDATE directory SET deleted_at = COALESCE(deleted_at, :at) WHERE user_id = :id")
			.param("id", userId)
			.param("at", AccountRepository.timestamp(deletedAt))
			.update();
	}

	/** Whether the user's entry says the account was deleted (in its cooling-off). */
	public boolean isDeleted(long userId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM directory WHERE user_id = :id AND deleted_at IS NOT NULL)")
			.param("id", userId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Frees the usernames and emails of accounts deleted before the instant.
	 * @return entries removed
	 */
	public int releaseDeletedBefore(Instant before, int limit) {
		return this.shards.jdbc()
			.sql("DELETE FROM directory WHERE user_id IN (SELECT user_id FROM directory "
					+ "WHERE deleted_at < :before ORDER BY deleted_at LIMIT :limit)")
			.param("before", AccountRepository.timestamp(before))
			.param("limit", limit)
			.update();
	}

	public OptionalLong findByUsername(String username) {
		return find("username_key", AccountRules.key(username));
	}

	/**
	 * The users of confirmed accounts among the usernames, by directory key (lower case).
	 */
	public Map<String, Long> findByUsernames(Collection<String> usernames) {
		Map<String, Long> found = new HashMap<>();
		this.shards.jdbc()
			.sql("SELECT username_key, user_id FROM directory WHERE confirmed AND username_key = ANY(:keys)")
			.param("keys", usernames.stream().map(AccountRules::key).distinct().toArray(String[]::new))
			.query((rs, row) -> found.put(rs.getString("username_key"), rs.getLong("user_id")))
			.list();
		return found;
	}

	public OptionalLong findByEmail(String email) {
		return find("email_key", AccountRules.emailKey(email));
	}

	/** Reservations still unconfirmed since before the instant, oldest first. */
	public List<Long> unconfirmedSince(Instant before, int limit) {
		return this.shards.jdbc()
			.sql("SELECT user_id FROM directory WHERE NOT confirmed AND created_at < :before "
					+ "ORDER BY created_at LIMIT :limit")
			.param("before", AccountRepository.timestamp(before))
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/**
	 * Which field a failed reservation or rename collided on: {@code username} or
	 * {@code email}.
	 */
	public static Optional<String> conflictOf(DuplicateKeyException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException psql) {
				ServerErrorMessage message = psql.getServerErrorMessage();
				String constraint = (message != null) ? message.getConstraint() : null;
				if ("directory_username_key".equals(constraint)) {
					return Optional.of("username");
				}
				if ("directory_email_key".equals(constraint)) {
					return Optional.of("email");
				}
			}
		}
		return Optional.empty();
	}

	private OptionalLong find(String column, String key) {
		return this.shards.jdbc()
			.sql("SELECT user_id FROM directory WHERE " + column + " = :key")
			.param("key", key)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElseGet(OptionalLong::empty);
	}

}

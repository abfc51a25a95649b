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
	 * Reserves the username and email for a new user, unconfirmed. An email another
	 * account claimed for an email change ({@link #claimEmail}) counts as taken.
	 * @throws DuplicateKeyException when either is taken; {@link #conflictOf} says which
	 */
	public void reserve(long userId, String username, String email) {
		String key = AccountRules.emailKey(email);
		lockEmail(key);
		if (claimed(key, Instant.now(), userId)) {
			throw new EmailClaimed();
		}
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
	 * Holds an email for the user's pending email change until {@code expiresAt}: nobody
	 * may register or claim it meanwhile. Replaces the user's earlier claim, which frees
	 * that address.
	 * @throws DuplicateKeyException when the email is taken by an account (the user's own
	 * included, and one in its cooling-off) or claimed by another user
	 */
	public void claimEmail(long userId, String email, Instant now, Instant expiresAt) {
		String key = AccountRules.emailKey(email);
		lockEmail(key);
		boolean registered = this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM directory WHERE email_key = :key)")
			.param("key", key)
			.query(Boolean.class)
			.single();
		if (registered || claimed(key, now, userId)) {
			throw new EmailClaimed();
		}
		this.shards.jdbc()
			.sql("DELETE FROM email_claim WHERE user_id = :id OR (email_key = :key AND expires_at <= :now)")
			.param("id", userId)
			.param("key", key)
			.param("now", AccountRepository.timestamp(now))
			.update();
		this.shards.jdbc()
			.sql("INSERT INTO email_claim (email_key, user_id, expires_at) VALUES (:key, :id, :expiresAt)")
			.param("key", key)
			.param("id", userId)
			.param("expiresAt", AccountRepository.timestamp(expiresAt))
			.update();
	}

	/**
	 * Moves the user's entry to the email the user claimed, freeing the old one when the
	 * transaction commits; the claim stays until {@link #releaseClaim}, so that undoing
	 * the move finds the address still held.
	 * @return whether the entry has that email now (false when the claim is gone or
	 * expired)
	 */
	public boolean moveToClaimedEmail(long userId, String email, Instant now) {
		return this.shards.jdbc()
			.sql("UPDATE directory SET email_key = :key WHERE user_id = :id AND (email_key = :key OR EXISTS "
					+ "(SELECT 1 FROM email_claim WHERE email_key = :key AND user_id = :id AND expires_at > :now))")
			.param("id", userId)
			.param("key", AccountRules.emailKey(email))
			.param("now", AccountRepository.timestamp(now))
			.update() == 1;
	}

	/**
	 * Sets the user's entry back to an email, undoing {@link #moveToClaimedEmail}.
	 * @throws DuplicateKeyException when another account took the email meanwhile
	 */
	public void restoreEmail(long userId, String email) {
		this.shards.jdbc()
			.sql("UPDATE directory SET email_key = :key WHERE user_id = :id")
			.param("id", userId)
			.param("key", AccountRules.emailKey(email))
			.update();
	}

	/**
	 * Gives the user's entry back an email it had before an email change, for the owner
	 * who undoes the change. Another account may have taken the address since: its entry
	 * or its unexpired claim keeps it.
	 * @return whether the entry has that email now (false when the account is gone or in
	 * its cooling-off)
	 * @throws DuplicateKeyException when another account holds or claims the email
	 */
	public boolean returnToEmail(long userId, String email, Instant now) {
		String key = AccountRules.emailKey(email);
		lockEmail(key);
		if (claimed(key, now, userId)) {
			throw new EmailClaimed();
		}
		return this.shards.jdbc()
			.sql("UPDATE directory SET email_key = :key WHERE user_id = :id AND deleted_at IS NULL")
			.param("id", userId)
			.param("key", key)
			.update() == 1;
	}

	/** Gives up the user's claim of the email, if it still holds it. */
	public void releaseClaim(long userId, String email) {
		this.shards.jdbc()
			.sql("DELETE FROM email_claim WHERE user_id = :id AND email_key = :key")
			.param("id", userId)
			.param("key", AccountRules.emailKey(email))
			.update();
	}

	/** Gives up every claim of the user (its account is erased). */
	public void releaseClaims(long userId) {
		this.shards.jdbc().sql("DELETE FROM email_claim WHERE user_id = :id").param("id", userId).update();
	}

	/**
	 * Frees the emails of claims that expired before the instant.
	 * @return claims removed
	 */
	public int releaseExpiredClaims(Instant now, int limit) {
		return this.shards.jdbc()
			.sql("DELETE FROM email_claim WHERE email_key IN (SELECT email_key FROM email_claim "
					+ "WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit)")
			.param("now", AccountRepository.timestamp(now))
			.param("limit", limit)
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
		if (ex instanceof EmailClaimed) {
			return Optional.of("email");
		}
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

	/**
	 * Serializes, until the transaction ends, everything that gives an email to an entry
	 * or a claim: the unique constraints of each table cannot see the other.
	 */
	private void lockEmail(String key) {
		this.shards.jdbc()
			.sql("SELECT pg_advisory_xact_lock(hashtext('directory.email'), hashtext(:key))")
			.param("key", key)
			.query()
			.listOfRows();
	}

	/** Whether a user other than this one holds an unexpired claim of the email. */
	private boolean claimed(String key, Instant now, long userId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM email_claim WHERE email_key = :key AND user_id <> :id "
					+ "AND expires_at > :now)")
			.param("key", key)
			.param("id", userId)
			.param("now", AccountRepository.timestamp(now))
			.query(Boolean.class)
			.single();
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

	/** An email held by another user's pending email change. */
	private static final class EmailClaimed extends DuplicateKeyException {

		EmailClaimed() {
			super("The email is claimed by a pending email change.");
		}

	}

}

package com.pixelgram.user.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.pixelgram.shard.Shards;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code users} table of a logical shard. Every method runs inside the caller's
 * {@link Shards} transaction of the account's shard. A row marked deleted is absent to
 * every read but {@link #deletedAt} and {@link #deletedIds}, which the erasure uses; a
 * row marked suspended is absent to every read but {@link #suspendedAt} and
 * {@link #findSuspended}, which moderation uses.
 */
@Repository
public class AccountRepository {

	private static final String COLUMNS = "id, username, email, password_hash, full_name, bio, profile_image_url, "
			+ "email_verified, followers_count, following_count, posts_count, created_at, updated_at, is_private";

	/** The condition of a row every read sees: neither deleted nor suspended. */
	private static final String LIVE = "deleted_at IS NULL AND suspended_at IS NULL";

	private final Shards shards;

	AccountRepository(Shards shards) {
		this.shards = shards;
	}

	public void insert(Account account) {
		jdbc().sql("INSERT INTO users (" + COLUMNS
				+ ") VALUES (:id, :username, :email, :passwordHash, :fullName, :bio, "
				+ ":profileImageUrl, :emailVerified, :followersCount, :followingCount, :postsCount, :createdAt, :updatedAt, "
				+ ":isPrivate)")
			.param("id", account.id())
			.param("username", account.username())
			.param("email", account.email())
			.param("passwordHash", account.passwordHash())
			.param("fullName", account.fullName())
			.param("bio", account.bio())
			.param("profileImageUrl", account.profileImageUrl())
			.param("emailVerified", account.emailVerified())
			.param("followersCount", account.followersCount())
			.param("followingCount", account.followingCount())
			.param("postsCount", account.postsCount())
			.param("createdAt", timestamp(account.createdAt()))
			.param("updatedAt", timestamp(account.updatedAt()))
			.param("isPrivate", account.isPrivate())
			.update();
	}

	public Optional<Account> find(long id) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM users WHERE id = :id AND " + LIVE)
			.param("id", id)
			.query(AccountRepository::map)
			.optional();
	}

	/** Locks the row until the transaction ends. */
	public Optional<Account> findForUpdate(long id) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM users WHERE id = :id AND " + LIVE + " FOR UPDATE")
			.param("id", id)
			.query(AccountRepository::map)
			.optional();
	}

	/** The accounts of one shard among the IDs, in no particular order. */
	public List<Account> findAll(Collection<Long> ids) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM users WHERE id = ANY(:ids) AND " + LIVE)
			.param("ids", ids.toArray(Long[]::new))
			.query(AccountRepository::map)
			.list();
	}

	public boolean exists(long id) {
		return jdbc().sql("SELECT EXISTS (SELECT 1 FROM users WHERE id = :id AND " + LIVE + ")")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Whether the shard holds the account, suspended or not (not deleted): what counts of
	 * its own data are kept for.
	 */
	public boolean holds(long id) {
		return jdbc().sql("SELECT EXISTS (SELECT 1 FROM users WHERE id = :id AND deleted_at IS NULL)")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	public void updateProfile(long id, String username, String fullName, String bio, String profileImageUrl,
			boolean isPrivate, Instant updatedAt) {
		jdbc()
			.sql("UPDATE users SET username = :username, full_name = :fullName, bio = :bio, "
					+ "profile_image_url = :profileImageUrl, is_private = :isPrivate, updated_at = :updatedAt "
					+ "WHERE id = :id")
			.param("isPrivate", isPrivate)
			.param("id", id)
			.param("username", username)
			.param("fullName", fullName)
			.param("bio", bio)
			.param("profileImageUrl", profileImageUrl)
			.param("updatedAt", timestamp(updatedAt))
			.update();
	}

	/** Whether the account's email is verified; false for an account the shard lacks. */
	public boolean emailVerified(long id) {
		return jdbc().sql("SELECT email_verified FROM users WHERE id = :id AND " + LIVE)
			.param("id", id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Marks the email verified if it still is the given address.
	 * @return whether the account's email is that address
	 */
	public boolean verifyEmail(long id, String email) {
		return jdbc().sql("UPDATE users SET email_verified = true WHERE id = :id AND email = :email")
			.param("id", id)
			.param("email", email)
			.update() == 1;
	}

	/**
	 * Moves the account to a new email, verified: the token of the mail sent to it proved
	 * it.
	 */
	public void changeEmail(long id, String email, Instant updatedAt) {
		jdbc().sql("UPDATE users SET email = :email, email_verified = true, updated_at = :updatedAt WHERE id = :id")
			.param("id", id)
			.param("email", email)
			.param("updatedAt", timestamp(updatedAt))
			.update();
	}

	public void updatePasswordHash(long id, String passwordHash, Instant updatedAt) {
		jdbc().sql("UPDATE users SET password_hash = :hash, updated_at = :updatedAt WHERE id = :id")
			.param("id", id)
			.param("hash", passwordHash)
			.param("updatedAt", timestamp(updatedAt))
			.update();
	}

	/** Adds to the follower count and returns the new count. */
	public long addFollowers(long id, int delta) {
		return jdbc()
			.sql("UPDATE users SET followers_count = GREATEST(followers_count + :delta, 0) WHERE id = :id "
					+ "RETURNING followers_count")
			.param("id", id)
			.param("delta", delta)
			.query(Long.class)
			.single();
	}

	/** Adds to the following count and returns the new count. */
	public long addFollowing(long id, int delta) {
		return jdbc()
			.sql("UPDATE users SET following_count = GREATEST(following_count + :delta, 0) WHERE id = :id "
					+ "RETURNING following_count")
			.param("id", id)
			.param("delta", delta)
			.query(Long.class)
			.single();
	}

	/** Adds to the post count; an account this shard does not hold is left alone. */
	public void addPosts(long id, int delta) {
		jdbc().sql("UPDATE users SET posts_count = GREATEST(posts_count + :delta, 0) WHERE id = :id")
			.param("id", id)
			.param("delta", delta)
			.update();
	}

	/** Sets the post count (the reconciliation's repair). */
	public void setPostsCount(long id, long postsCount) {
		jdbc().sql("UPDATE users SET posts_count = :posts WHERE id = :id")
			.param("id", id)
			.param("posts", postsCount)
			.update();
	}

	/** Sets both counts (the reconciliation's repair). */
	public void setCounts(long id, long followersCount, long followingCount) {
		jdbc().sql("UPDATE users SET followers_count = :followers, following_count = :following WHERE id = :id")
			.param("id", id)
			.param("followers", followersCount)
			.param("following", followingCount)
			.update();
	}

	/**
	 * Marks the account deleted.
	 * @return whether it was live until now (false when it was marked already or is gone)
	 */
	public boolean markDeleted(long id, Instant deletedAt) {
		return jdbc().sql("UPDATE users SET deleted_at = :at WHERE id = :id AND deleted_at IS NULL")
			.param("id", id)
			.param("at", timestamp(deletedAt))
			.update() == 1;
	}

	/**
	 * When the account was marked deleted; empty for a live account or one already gone.
	 */
	public Optional<Instant> deletedAt(long id) {
		return jdbc().sql("SELECT deleted_at FROM users WHERE id = :id AND deleted_at IS NOT NULL")
			.param("id", id)
			.query((rs, row) -> instant(rs, "deleted_at"))
			.optional();
	}

	/** Accounts of this shard marked deleted and not erased yet, oldest first. */
	public List<Long> deletedIds(int limit) {
		return jdbc().sql("SELECT id FROM users WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT :limit")
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** Removes the row of an account marked deleted, the last step of its erasure. */
	public void deleteMarked(long id) {
		jdbc().sql("DELETE FROM users WHERE id = :id AND deleted_at IS NOT NULL").param("id", id).update();
	}

	/**
	 * Marks a live account suspended.
	 * @return whether it was live until now (false when suspended already, deleted or
	 * gone)
	 */
	public boolean markSuspended(long id, Instant suspendedAt) {
		return jdbc().sql("UPDATE users SET suspended_at = :at WHERE id = :id AND " + LIVE)
			.param("id", id)
			.param("at", timestamp(suspendedAt))
			.update() == 1;
	}

	/**
	 * Lifts an account's suspension.
	 * @return whether it was suspended until now
	 */
	public boolean clearSuspended(long id) {
		return jdbc()
			.sql("UPDATE users SET suspended_at = NULL WHERE id = :id AND suspended_at IS NOT NULL "
					+ "AND deleted_at IS NULL")
			.param("id", id)
			.update() == 1;
	}

	/** When the account was suspended; empty for an account not suspended. */
	public Optional<Instant> suspendedAt(long id) {
		return jdbc().sql("SELECT suspended_at FROM users WHERE id = :id AND suspended_at IS NOT NULL")
			.param("id", id)
			.query((rs, row) -> instant(rs, "suspended_at"))
			.optional();
	}

	/** A suspended (not deleted) account; empty for any other. */
	public Optional<Account> findSuspended(long id) {
		return jdbc()
			.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id AND suspended_at IS NOT NULL AND deleted_at IS NULL")
			.param("id", id)
			.query(AccountRepository::map)
			.optional();
	}

	/** A parameter value for a {@code timestamptz} column. */
	public static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	/** A {@code timestamptz} column as an instant. */
	public static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

	private static Account map(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
				rs.getString("password_hash"), rs.getString("full_name"), rs.getString("bio"),
				rs.getString("profile_image_url"), rs.getBoolean("email_verified"), rs.getLong("followers_count"),
				rs.getLong("following_count"), rs.getLong("posts_count"), instant(rs, "created_at"),
				instant(rs, "updated_at"), rs.getBoolean("is_private"));
	}

}

package com.pixelgram.user.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.stereotype.Repository;

/**
 * The {@code refresh_token} table of a shard; every method runs inside the caller's
 * transaction of the user's shard.
 */
@Repository
class RefreshTokenRepository {

	private final Shards shards;

	RefreshTokenRepository(Shards shards) {
		this.shards = shards;
	}

	void insert(byte[] hash, long userId, UUID familyId, Instant authenticatedAt, Instant createdAt, Instant expiresAt,
			String userAgent) {
		this.shards.jdbc()
			.sql("INSERT INTO refresh_token (token_hash, user_id, family_id, authenticated_at, created_at, expires_at, "
					+ "user_agent) VALUES (:hash, :userId, :familyId, :authenticatedAt, :createdAt, :expiresAt, "
					+ ":userAgent)")
			.param("userAgent", userAgent)
			.param("hash", hash)
			.param("userId", userId)
			.param("familyId", familyId)
			.param("authenticatedAt", AccountRepository.timestamp(authenticatedAt))
			.param("createdAt", AccountRepository.timestamp(createdAt))
			.param("expiresAt", AccountRepository.timestamp(expiresAt))
			.update();
	}

	/** Locks the token's row, so that two refreshes with one token are serialised. */
	Optional<StoredToken> findForUpdate(byte[] hash) {
		return this.shards.jdbc()
			.sql("SELECT user_id, family_id, COALESCE(authenticated_at, created_at) AS authenticated_at, expires_at, "
					+ "rotated_at, revoked_at, user_agent FROM refresh_token WHERE token_hash = :hash FOR UPDATE")
			.param("hash", hash)
			.query(RefreshTokenRepository::map)
			.optional();
	}

	void markRotated(byte[] hash, Instant now) {
		this.shards.jdbc()
			.sql("UPDATE refresh_token SET rotated_at = :now WHERE token_hash = :hash")
			.param("hash", hash)
			.param("now", AccountRepository.timestamp(now))
			.update();
	}

	int revokeFamily(UUID familyId, Instant now) {
		return this.shards.jdbc()
			.sql("UPDATE refresh_token SET revoked_at = :now WHERE family_id = :familyId AND revoked_at IS NULL")
			.param("familyId", familyId)
			.param("now", AccountRepository.timestamp(now))
			.update();
	}

	/** Revokes every session of the user: each live family. */
	int revokeAll(long userId, Instant now) {
		return this.shards.jdbc()
			.sql("UPDATE refresh_token SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL")
			.param("userId", userId)
			.param("now", AccountRepository.timestamp(now))
			.update();
	}

	/** Revokes one family of the user's; 0 when the user has no such live family. */
	int revokeFamilyOf(long userId, UUID familyId, Instant now) {
		return this.shards.jdbc()
			.sql("UPDATE refresh_token SET revoked_at = :now "
					+ "WHERE user_id = :userId AND family_id = :familyId AND revoked_at IS NULL")
			.param("userId", userId)
			.param("familyId", familyId)
			.param("now", AccountRepository.timestamp(now))
			.update();
	}

	/**
	 * The user's live sessions, most recently used first: families holding a token that
	 * is neither rotated, revoked nor expired. Each rotation adds a row, so the newest
	 * row's creation is when the session was last used.
	 */
	List<StoredSession> sessions(long userId, Instant now) {
		return this.shards.jdbc()
			.sql("SELECT family_id, MIN(COALESCE(authenticated_at, created_at)) AS created_at, "
					+ "MAX(created_at) AS last_used_at, (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent "
					+ "FROM refresh_token WHERE user_id = :userId GROUP BY family_id "
					+ "HAVING bool_or(revoked_at IS NULL AND rotated_at IS NULL AND expires_at > :now) "
					+ "ORDER BY last_used_at DESC")
			.param("userId", userId)
			.param("now", AccountRepository.timestamp(now))
			.query((rs, row) -> new StoredSession(rs.getObject("family_id", UUID.class),
					AccountRepository.instant(rs, "created_at"), AccountRepository.instant(rs, "last_used_at"),
					rs.getString("user_agent")))
			.list();
	}

	int deleteExpiredBefore(Instant before) {
		return this.shards.jdbc()
			.sql("DELETE FROM refresh_token WHERE expires_at < :before")
			.param("before", AccountRepository.timestamp(before))
			.update();
	}

	private static StoredToken map(ResultSet rs, int row) throws SQLException {
		return new StoredToken(rs.getLong("user_id"), rs.getObject("family_id", UUID.class),
				AccountRepository.instant(rs, "authenticated_at"), AccountRepository.instant(rs, "expires_at"),
				AccountRepository.instant(rs, "rotated_at"), AccountRepository.instant(rs, "revoked_at"),
				rs.getString("user_agent"));
	}

	record StoredToken(long userId, UUID familyId, Instant authenticatedAt, Instant expiresAt, Instant rotatedAt,
			Instant revokedAt, String userAgent) {

	}

	record StoredSession(UUID familyId, Instant createdAt, Instant lastUsedAt, String userAgent) {

	}

}

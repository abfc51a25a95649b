package com.pixelgram.user.deletion;

import java.util.List;

import com.pixelgram.shard.Shards;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every table of user-service that holds rows of a user, as the erasure needs them. Each
 * method runs inside the caller's {@link Shards} transaction of the right shard (or the
 * global one for the search entry); deletes report whether a row was there, so that a
 * count is corrected and an event published once however often the erasure runs.
 */
@Repository
class ErasureRepository {

	private static final int PAGE = 500;

	private final Shards shards;

	ErasureRepository(Shards shards) {
		this.shards = shards;
	}

	List<Long> followees(long userId) {
		return ids("SELECT followee_id FROM following WHERE follower_id = :user ORDER BY followee_id LIMIT :limit",
				userId);
	}

	List<Long> followers(long userId) {
		return ids("SELECT follower_id FROM followers WHERE followee_id = :user ORDER BY follower_id LIMIT :limit",
				userId);
	}

	List<Long> blocked(long userId) {
		return ids("SELECT blocked_id FROM block WHERE blocker_id = :user ORDER BY blocked_id LIMIT :limit", userId);
	}

	List<Long> blockers(long userId) {
		return ids("SELECT blocker_id FROM blocked_by WHERE blocked_id = :user ORDER BY blocker_id LIMIT :limit",
				userId);
	}

	List<Long> muted(long userId) {
		return ids("SELECT muted_id FROM mute WHERE muter_id = :user ORDER BY muted_id LIMIT :limit", userId);
	}

	/** Who muted the user, among the accounts of the current shard. */
	List<Long> muters(long userId) {
		return ids("SELECT muter_id FROM mute WHERE muted_id = :user ORDER BY muter_id LIMIT :limit", userId);
	}

	boolean deleteFollowing(long followerId, long followeeId) {
		return jdbc().sql("DELETE FROM following WHERE follower_id = :follower AND followee_id = :followee")
			.param("follower", followerId)
			.param("followee", followeeId)
			.update() == 1;
	}

	boolean deleteFollower(long followeeId, long followerId) {
		return jdbc().sql("DELETE FROM followers WHERE followee_id = :followee AND follower_id = :follower")
			.param("followee", followeeId)
			.param("follower", followerId)
			.update() == 1;
	}

	boolean deleteBlock(long blockerId, long blockedId) {
		return jdbc().sql("DELETE FROM block WHERE blocker_id = :blocker AND blocked_id = :blocked")
			.param("blocker", blockerId)
			.param("blocked", blockedId)
			.update() == 1;
	}

	boolean deleteBlockedBy(long blockedId, long blockerId) {
		return jdbc().sql("DELETE FROM blocked_by WHERE blocked_id = :blocked AND blocker_id = :blocker")
			.param("blocked", blockedId)
			.param("blocker", blockerId)
			.update() == 1;
	}

	boolean deleteMute(long muterId, long mutedId) {
		return jdbc().sql("DELETE FROM mute WHERE muter_id = :muter AND muted_id = :muted")
			.param("muter", muterId)
			.param("muted", mutedId)
			.update() == 1;
	}

	/** The user's requests to follow accounts of the current shard. */
	int deleteRequestsBy(long userId) {
		return jdbc().sql("DELETE FROM follow_request WHERE requester_id = :user").param("user", userId).update();
	}

	/**
	 * What is left of the user in their own shard once the edges with others are gone:
	 * requests to follow them, sessions, mailed tokens, queued mail, the posts they were
	 * counted for, and any half edge a crash left.
	 */
	void deleteOwnRows(long userId) {
		for (String sql : List.of("DELETE FROM follow_request WHERE followee_id = :user",
				"DELETE FROM refresh_token WHERE user_id = :user", "DELETE FROM account_token WHERE user_id = :user",
				"DELETE FROM mail_outbox WHERE user_id = :user", "DELETE FROM user_post WHERE user_id = :user",
				"DELETE FROM following WHERE follower_id = :user", "DELETE FROM followers WHERE followee_id = :user",
				"DELETE FROM block WHERE blocker_id = :user", "DELETE FROM blocked_by WHERE blocked_id = :user",
				"DELETE FROM mute WHERE muter_id = :user", "DELETE FROM data_export WHERE user_id = :user")) {
			jdbc().sql(sql).param("user", userId).update();
		}
	}

	/** The user's search entry (global schema). */
	void deleteSearchEntry(long userId) {
		jdbc().sql("DELETE FROM user_search WHERE user_id = :user").param("user", userId).update();
	}

	private List<Long> ids(String sql, long userId) {
		return jdbc().sql(sql).param("user", userId).param("limit", PAGE).query(Long.class).list();
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

}

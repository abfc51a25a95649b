package com.pixelgram.user.follow;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.stereotype.Repository;

/**
 * Blocks and mutes. A block has two halves like a follow edge ({@code block} in the
 * blocker's shard, {@code blocked_by} in the blocked user's); a mute one ({@code mute} in
 * the muter's shard). Every method runs inside the caller's transaction of the shard that
 * holds what it touches.
 */
@Repository
class SafetyRepository {

	private final Shards shards;

	SafetyRepository(Shards shards) {
		this.shards = shards;
	}

	/**
	 * @return whether the block is new
	 */
	boolean insertBlock(long blockerId, long blockedId, Instant at) {
		return this.shards.jdbc()
			.sql("INSERT INTO block (blocker_id, blocked_id, created_at) VALUES (:blocker, :blocked, :at) "
					+ "ON CONFLICT DO NOTHING")
			.param("blocker", blockerId)
			.param("blocked", blockedId)
			.param("at", AccountRepository.timestamp(at))
			.update() == 1;
	}

	/**
	 * The blocker's blocks, counted up to {@code cap}: an index range scan that stops
	 * there.
	 */
	int countBlocks(long blockerId, int cap) {
		return this.shards.jdbc()
			.sql("SELECT count(*) FROM (SELECT 1 FROM block WHERE blocker_id = :blocker LIMIT :cap) blocks")
			.param("blocker", blockerId)
			.param("cap", cap)
			.query(Integer.class)
			.single();
	}

	/** The muter's mutes, counted up to {@code cap}. */
	int countMutes(long muterId, int cap) {
		return this.shards.jdbc()
			.sql("SELECT count(*) FROM (SELECT 1 FROM mute WHERE muter_id = :muter LIMIT :cap) mutes")
			.param("muter", muterId)
			.param("cap", cap)
			.query(Integer.class)
			.single();
	}

	void insertBlockedBy(long blockedId, long blockerId, Instant at) {
		this.shards.jdbc()
			.sql("INSERT INTO blocked_by (blocked_id, blocker_id, created_at) VALUES (:blocked, :blocker, :at) "
					+ "ON CONFLICT DO NOTHING")
			.param("blocker", blockerId)
			.param("blocked", blockedId)
			.param("at", AccountRepository.timestamp(at))
			.update();
	}

	/**
	 * @return whether there was a block
	 */
	boolean deleteBlock(long blockerId, long blockedId) {
		return this.shards.jdbc()
			.sql("DELETE FROM block WHERE blocker_id = :blocker AND blocked_id = :blocked")
			.param("blocker", blockerId)
			.param("blocked", blockedId)
			.update() == 1;
	}

	void deleteBlockedBy(long blockedId, long blockerId) {
		this.shards.jdbc()
			.sql("DELETE FROM blocked_by WHERE blocked_id = :blocked AND blocker_id = :blocker")
			.param("blocker", blockerId)
			.param("blocked", blockedId)
			.update();
	}

	/** Whether the user blocked the other: one primary-key lookup in the user's shard. */
	boolean blocks(long userId, long otherId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM block WHERE blocker_id = :user AND blocked_id = :other)")
			.param("user", userId)
			.param("other", otherId)
			.query(Boolean.class)
			.single();
	}

	/** Whether the other blocked the user: one primary-key lookup in the user's shard. */
	boolean isBlockedBy(long userId, long otherId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM blocked_by WHERE blocked_id = :user AND blocker_id = :other)")
			.param("user", userId)
			.param("other", otherId)
			.query(Boolean.class)
			.single();
	}

	/** Everyone the user blocked or was blocked by: two index range scans. */
	Set<Long> blockedEitherWay(long userId) {
		return new HashSet<>(this.shards.jdbc()
			.sql("SELECT blocked_id FROM block WHERE blocker_id = :user "
					+ "UNION SELECT blocker_id FROM blocked_by WHERE blocked_id = :user")
			.param("user", userId)
			.query(Long.class)
			.list());
	}

	/** A page of the users someone blocked, newest first. */
	List<Long> blocked(long blockerId, long offset, int limit) {
		return this.shards.jdbc()
			.sql("SELECT blocked_id FROM block WHERE blocker_id = :blocker "
					+ "ORDER BY created_at DESC, blocked_id DESC OFFSET :offset LIMIT :limit")
			.param("blocker", blockerId)
			.param("offset", offset)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/**
	 * @return whether the mute is new
	 */
	boolean insertMute(long muterId, long mutedId, Instant at) {
		return this.shards.jdbc()
			.sql("INSERT INTO mute (muter_id, muted_id, created_at) VALUES (:muter, :muted, :at) "
					+ "ON CONFLICT DO NOTHING")
			.param("muter", muterId)
			.param("muted", mutedId)
			.param("at", AccountRepository.timestamp(at))
			.update() == 1;
	}

	/**
	 * @return whether there was a mute
	 */
	boolean deleteMute(long muterId, long mutedId) {
		return this.shards.jdbc()
			.sql("DELETE FROM mute WHERE muter_id = :muter AND muted_id = :muted")
			.param("muter", muterId)
			.param("muted", mutedId)
			.update() == 1;
	}

	boolean mutes(long muterId, long mutedId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM mute WHERE muter_id = :muter AND muted_id = :muted)")
			.param("muter", muterId)
			.param("muted", mutedId)
			.query(Boolean.class)
			.single();
	}

	/** A page of the users someone muted, newest first. */
	List<Long> muted(long muterId, long offset, int limit) {
		return this.shards.jdbc()
			.sql("SELECT muted_id FROM mute WHERE muter_id = :muter "
					+ "ORDER BY created_at DESC, muted_id DESC OFFSET :offset LIMIT :limit")
			.param("muter", muterId)
			.param("offset", offset)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

}

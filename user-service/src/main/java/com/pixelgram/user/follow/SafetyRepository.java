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
 * the muter's shard). What the blocker's half and the mute share (a lookup, a capped
 * count, a page) is written once for both ({@link SafetyList}). Every method runs inside
 * the caller's transaction of the shard that holds what it touches.
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
	 * The owner's list, counted up to {@code cap}: an index range scan that stops there.
	 */
	int count(SafetyList list, long ownerId, int cap) {
		return this.shards.jdbc()
			.sql("SELECT count(*) FROM (SELECT 1 FROM " + list.table + " WHERE " + list.owner
					+ " = :owner LIMIT :cap) listed")
			.param("owner", ownerId)
			.param("cap", cap)
			.query(Integer.class)
			.single();
	}

	/**
	 * Whether the owner's list holds the other user: one primary-key lookup in the
	 * owner's shard.
	 */
	boolean contains(SafetyList list, long ownerId, long otherId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM " + list.table + " WHERE " + list.owner + " = :owner AND " + list.other
					+ " = :other)")
			.param("owner", ownerId)
			.param("other", otherId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * A page of the owner's list in ID order after a cursor: a range scan of the primary
	 * key.
	 */
	List<Long> idsAfter(SafetyList list, long ownerId, long after, int limit) {
		return this.shards.jdbc()
			.sql("SELECT " + list.other + " FROM " + list.table + " WHERE " + list.owner + " = :owner AND " + list.other
					+ " > :after ORDER BY " + list.other + " LIMIT :limit")
			.param("owner", ownerId)
			.param("after", after)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** A page of the owner's list, newest first. */
	List<Long> page(SafetyList list, long ownerId, long offset, int limit) {
		return this.shards.jdbc()
			.sql("SELECT " + list.other + " FROM " + list.table + " WHERE " + list.owner
					+ " = :owner ORDER BY created_at DESC, " + list.other + " DESC OFFSET :offset LIMIT :limit")
			.param("owner", ownerId)
			.param("offset", offset)
			.param("limit", limit)
			.query(Long.class)
			.list();
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

}

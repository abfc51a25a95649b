package com.pixelgram.user.follow;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Blocks and mutes, and what the other features ask of them.
 * <p>
 * A block removes the follow edges between the two users both ways and hides each from
 * the other. Like a follow it is written in three transactions, one after the other and
 * each retried whole by a repeated request: the blocked user's shard first (their half of
 * the block, which from then on refuses their follows, and the followee half of the
 * blocker's edge to them), then the blocker's shard (the block, the blocker's edge and
 * the followee half of the blocked user's edge, with the events), then the blocked user's
 * shard again (the follower half of their edge, with its event). A failure in between
 * leaves a block that a retry completes.
 * <p>
 * A mute is the muter's alone: one row in their shard and an event, which feed- and
 * notification-service apply; nothing the muted user can read changes.
 */
@Service
public class Safety {

	private final Shards shards;

	private final SafetyRepository relations;

	private final FollowRepository edges;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final EventPublisher events;

	private final SafetyProperties limits;

	Safety(Shards shards, SafetyRepository relations, FollowRepository edges, AccountRepository accounts,
			AccountReader reader, EventPublisher events, SafetyProperties limits) {
		this.shards = shards;
		this.relations = relations;
		this.edges = edges;
		this.accounts = accounts;
		this.reader = reader;
		this.events = events;
		this.limits = limits;
	}

	/**
	 * Everyone the viewer blocked or was blocked by, who must not appear to them: two
	 * index range scans in the viewer's shard (a handful of rows for nearly everyone).
	 */
	public Set<Long> hiddenFrom(long viewerId) {
		return this.shards.read(this.shards.shardOf(viewerId), () -> this.relations.blockedEitherWay(viewerId));
	}

	/**
	 * A page of the users the user muted, in ID order after a cursor: the authors a feed
	 * pulled from the services leaves out (a feed read from Redis has them from the
	 * events).
	 */
	public IdPage mutedIds(long muterId, long after, int limit) {
		List<Long> ids = this.shards.read(this.shards.shardOf(muterId),
				() -> this.relations.idsAfter(SafetyList.MUTES, muterId, after, limit));
		return IdPage.of(ids, limit);
	}

	/**
	 * Whether either user blocked the other: two primary-key lookups in the viewer's
	 * shard.
	 */
	public boolean blockedEitherWay(long viewerId, long otherId) {
		return this.shards.read(this.shards.shardOf(viewerId),
				() -> this.relations.contains(SafetyList.BLOCKS, viewerId, otherId)
						|| this.relations.isBlockedBy(viewerId, otherId));
	}

	/** Idempotent: blocking twice is blocking once. */
	void block(long blockerId, long blockedId) {
		int blockedShard = checkedTarget(blockerId, blockedId, "block");
		int blockerShard = requireAccount(blockerId);
		this.shards.read(blockerShard, () -> {
			requireRoom(SafetyList.BLOCKS, blockerId, blockedId);
			return null;
		});
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(blockedShard, () -> {
			this.relations.insertBlockedBy(blockedId, blockerId, now);
			this.edges.deleteRequest(blockedId, blockerId);
			if (this.edges.deleteFollower(blockedId, blockerId)) {
				this.accounts.addFollowers(blockedId, -1);
			}
			return null;
		});
		this.shards.write(blockerShard, () -> {
			boolean added = this.relations.insertBlock(blockerId, blockedId, now);
			this.edges.deleteRequest(blockerId, blockedId);
			if (this.edges.deleteFollowing(blockerId, blockedId)) {
				this.accounts.addFollowing(blockerId, -1);
				this.events.publish(new FollowDeleted(blockerId, blockedId, now));
			}
			if (this.edges.deleteFollower(blockerId, blockedId)) {
				this.accounts.addFollowers(blockerId, -1);
			}
			if (added) {
				this.events.publish(new UserBlocked(blockerId, blockedId, now));
			}
			return null;
		});
		this.shards.write(blockedShard, () -> {
			if (this.edges.deleteFollowing(blockedId, blockerId)) {
				this.accounts.addFollowing(blockedId, -1);
				this.events.publish(new FollowDeleted(blockedId, blockerId, now));
			}
			return null;
		});
		this.reader.evict(blockerId, blockedId);
	}

	/** Idempotent: unblocking someone not blocked changes nothing. */
	void unblock(long blockerId, long blockedId) {
		int blockedShard = checkedTarget(blockerId, blockedId, "unblock");
		int blockerShard = requireAccount(blockerId);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(blockedShard, () -> {
			this.relations.deleteBlockedBy(blockedId, blockerId);
			return null;
		});
		this.shards.write(blockerShard, () -> {
			if (this.relations.deleteBlock(blockerId, blockedId)) {
				this.events.publish(new UserUnblocked(blockerId, blockedId, now));
			}
			return null;
		});
	}

	/** Idempotent: muting twice is muting once. */
	void mute(long muterId, long mutedId) {
		checkedTarget(muterId, mutedId, "mute");
		int muterShard = requireAccount(muterId);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(muterShard, () -> {
			requireRoom(SafetyList.MUTES, muterId, mutedId);
			if (this.relations.insertMute(muterId, mutedId, now)) {
				this.events.publish(new UserMuted(muterId, mutedId, now));
			}
			return null;
		});
	}

	/** Idempotent: unmuting someone not muted changes nothing. */
	void unmute(long muterId, long mutedId) {
		checkedTarget(muterId, mutedId, "unmute");
		int muterShard = requireAccount(muterId);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(muterShard, () -> {
			if (this.relations.deleteMute(muterId, mutedId)) {
				this.events.publish(new UserUnmuted(muterId, mutedId, now));
			}
			return null;
		});
	}

	/**
	 * 409 {@code too-many-blocks} or {@code too-many-mutes} when the owner's list is full
	 * and the other user not on it yet: lifting one makes room, and repeating a block or
	 * a mute of someone on a full list still succeeds.
	 */
	private void requireRoom(SafetyList list, long ownerId, long otherId) {
		int max = this.limits.max(list);
		if (!this.relations.contains(list, ownerId, otherId) && this.relations.count(list, ownerId, max) >= max) {
			String noun = list.noun();
			throw new ApiException(HttpStatus.CONFLICT, "too-many-" + noun, "Too many " + noun,
					"You have reached the limit of " + max + " " + noun + "; remove one to add another.");
		}
	}

	/** A page of the users the caller blocked or muted, newest first. */
	FollowGraph.Page page(SafetyList list, long userId, int page, int limit) {
		long offset = (long) (page - 1) * limit;
		List<Long> ids = this.shards.read(this.shards.shardOf(userId),
				() -> this.relations.page(list, userId, offset, limit + 1));
		boolean hasNext = ids.size() > limit;
		List<Long> pageIds = hasNext ? ids.subList(0, limit) : ids;
		List<UserSummary> users = this.reader.findAllPublic(pageIds).stream().map(UserSummary::of).toList();
		return new FollowGraph.Page(users, hasNext);
	}

	/**
	 * The shard of the target, who must exist and not be the caller. Someone who blocked
	 * the caller exists for nobody but them, so blocking them back still works (the
	 * caller knows the ID), and so does lifting one's own block of them.
	 */
	private int checkedTarget(long callerId, long targetId, String verb) {
		if (callerId == targetId) {
			throw ApiException.validation("You cannot " + verb + " yourself.",
					List.of(new FieldViolation("id", "must not be your own user ID")));
		}
		int shard = this.shards.shardOf(targetId);
		if (!this.shards.read(shard, () -> this.accounts.exists(targetId))) {
			throw ApiException.notFound("There is no such user.");
		}
		return shard;
	}

	private int requireAccount(long userId) {
		int shard = this.shards.shardOf(userId);
		if (!this.shards.read(shard, () -> this.accounts.exists(userId))) {
			throw ApiException.notFound("Your account does not exist.");
		}
		return shard;
	}

}

package com.pixelgram.user.follow;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.FollowRequested;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

import org.springframework.stereotype.Service;

/**
 * The follow graph. An edge lives twice, in the follower's shard and in the followee's,
 * with no transaction spanning both: the followee's side commits first, then the
 * follower's side with the event. So the follower's side (and the event that goes with
 * it) never exists without the followee's; a failure in between leaves at most the
 * followee's half, which a retry completes without counting it twice.
 * <p>
 * The two transactions run one after the other, never one inside the other: nested, each
 * follow would hold a connection while waiting for a second from the same pool (a pool
 * drained by as many concurrent follows deadlocks), and two people following each other
 * at once would lock their two user rows in opposite orders.
 */
@Service
public class FollowGraph {

	private final Shards shards;

	private final FollowRepository edges;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final EventPublisher events;

	private final SafetyRepository relations;

	private final Safety safety;

	FollowGraph(Shards shards, FollowRepository edges, AccountRepository accounts, AccountReader reader,
			EventPublisher events, SafetyRepository relations, Safety safety) {
		this.shards = shards;
		this.edges = edges;
		this.accounts = accounts;
		this.reader = reader;
		this.events = events;
		this.relations = relations;
		this.safety = safety;
	}

	/**
	 * Idempotent: following twice is following once. A user who blocked the caller does
	 * not exist for them (404); one the caller blocked must be unblocked first (409).
	 * Both halves of a block are in the follower's shard, so one read answers. Following
	 * a private account someone does not follow yet makes a request (status
	 * {@code requested}) that the account approves or rejects; a new request publishes
	 * {@code FollowRequested} with it.
	 */
	FollowStatus follow(long followerId, long followeeId) {
		int followeeShard = checkedTarget(followerId, followeeId);
		int followerShard = requireAccount(followerId);
		this.shards.read(followerShard, () -> {
			if (this.relations.isBlockedBy(followerId, followeeId)) {
				throw ApiException.notFound("There is no such user.");
			}
			if (this.relations.contains(SafetyList.BLOCKS, followerId, followeeId)) {
				throw ApiException.conflict("You blocked this user: unblock them to follow them.");
			}
			return null;
		});
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		boolean isPrivate = this.shards.read(followeeShard,
				() -> this.accounts.find(followeeId).map(Account::isPrivate).orElse(false));
		if (isPrivate && !isFollowing(followerId, followeeId)) {
			return this.shards.write(followeeShard, () -> {
				if (this.edges.insertRequest(followeeId, followerId, now)) {
					this.events.publish(new FollowRequested(followerId, followeeId, now));
				}
				return new FollowStatus(followeeId, false, followersCount(followeeId), FollowStatus.REQUESTED);
			});
		}
		return addEdge(followerId, followeeId, followeeShard, followerShard, now);
	}

	/**
	 * Approves a request to follow the owner: the requester follows them from now on.
	 * Idempotent: approving an approved request changes nothing.
	 */
	FollowStatus approve(long ownerId, long requesterId) {
		int ownerShard = requireAccount(ownerId);
		boolean pending = this.shards.read(ownerShard, () -> this.edges.hasRequest(ownerId, requesterId));
		if (!pending) {
			if (isFollowing(requesterId, ownerId)) {
				return new FollowStatus(requesterId, true, followersCountOf(ownerId), FollowStatus.APPROVED);
			}
			throw ApiException.notFound("There is no such follow request.");
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		FollowStatus added = addEdge(requesterId, ownerId, ownerShard, this.shards.shardOf(requesterId), now);
		this.shards.write(ownerShard, () -> this.edges.deleteRequest(ownerId, requesterId));
		return new FollowStatus(requesterId, true, added.followersCount(), FollowStatus.APPROVED);
	}

	/** Rejects a request to follow the owner. Idempotent. */
	FollowStatus reject(long ownerId, long requesterId) {
		int ownerShard = requireAccount(ownerId);
		return this.shards.write(ownerShard, () -> {
			this.edges.deleteRequest(ownerId, requesterId);
			return new FollowStatus(requesterId, false, followersCount(ownerId), FollowStatus.REJECTED);
		});
	}

	/** A page of the requests to follow the owner, newest first. */
	Page requests(long ownerId, int page, int limit) {
		requireExisting(ownerId);
		long offset = (long) (page - 1) * limit;
		List<Long> ids = this.shards.read(this.shards.shardOf(ownerId),
				() -> this.edges.requesters(ownerId, offset, limit + 1));
		return page(ids, limit);
	}

	/**
	 * Writes both halves of an edge: the followee's first, then the follower's with the
	 * event (see the class comment).
	 */
	private FollowStatus addEdge(long followerId, long followeeId, int followeeShard, int followerShard, Instant now) {
		long followersCount = this.shards.write(followeeShard,
				() -> this.edges.insertFollower(followeeId, followerId, now) ? this.accounts.addFollowers(followeeId, 1)
						: followersCount(followeeId));
		FollowStatus status = this.shards.write(followerShard, () -> {
			if (this.edges.insertFollowing(followerId, followeeId, now)) {
				this.accounts.addFollowing(followerId, 1);
				this.events.publish(new FollowCreated(followerId, followeeId, followersCount, now));
			}
			return new FollowStatus(followeeId, true, followersCount, FollowStatus.FOLLOWING);
		});
		this.reader.evict(followerId, followeeId);
		return status;
	}

	/**
	 * Idempotent: unfollowing someone not followed changes nothing. It also withdraws a
	 * request to follow them.
	 */
	FollowStatus unfollow(long followerId, long followeeId) {
		int followeeShard = checkedTarget(followerId, followeeId);
		int followerShard = requireAccount(followerId);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		long followersCount = this.shards.write(followeeShard, () -> {
			this.edges.deleteRequest(followeeId, followerId);
			return this.edges.deleteFollower(followeeId, followerId) ? this.accounts.addFollowers(followeeId, -1)
					: followersCount(followeeId);
		});
		FollowStatus status = this.shards.write(followerShard, () -> {
			if (this.edges.deleteFollowing(followerId, followeeId)) {
				this.accounts.addFollowing(followerId, -1);
				this.events.publish(new FollowDeleted(followerId, followeeId, now));
			}
			return new FollowStatus(followeeId, false, followersCount, FollowStatus.NOT_FOLLOWING);
		});
		this.reader.evict(followerId, followeeId);
		return status;
	}

	/**
	 * Whether one user follows another (one primary-key lookup in the follower's shard).
	 */
	public boolean isFollowing(long followerId, long followeeId) {
		return this.shards.read(this.shards.shardOf(followerId), () -> this.edges.isFollowing(followerId, followeeId));
	}

	/**
	 * A page of a user's followers as the viewer may see them, newest first, plus whether
	 * there is a next page: without anyone blocked either way by the viewer, and not at
	 * all when that is the user.
	 */
	Page followers(long userId, long viewerId, int page, int limit) {
		Set<Long> hidden = visibleList(userId, viewerId);
		long offset = (long) (page - 1) * limit;
		List<Long> ids = this.shards.read(this.shards.shardOf(userId),
				() -> this.edges.followers(userId, hidden, offset, limit + 1));
		return page(ids, limit);
	}

	/** A page of the users someone follows as the viewer may see them, newest first. */
	Page following(long userId, long viewerId, int page, int limit) {
		Set<Long> hidden = visibleList(userId, viewerId);
		long offset = (long) (page - 1) * limit;
		List<Long> ids = this.shards.read(this.shards.shardOf(userId),
				() -> this.edges.following(userId, hidden, offset, limit + 1));
		return page(ids, limit);
	}

	/** The users the viewer must not see in a list of the user's, who must exist. */
	private Set<Long> visibleList(long userId, long viewerId) {
		requireExisting(userId);
		Set<Long> hidden = this.safety.hiddenFrom(viewerId);
		if (hidden.contains(userId)) {
			throw ApiException.notFound("There is no such user.");
		}
		return hidden;
	}

	/** Follower IDs after a cursor, for fanout. */
	public IdPage followerIds(long userId, long after, int limit) {
		List<Long> ids = this.shards.read(this.shards.shardOf(userId),
				() -> this.edges.followerIdsAfter(userId, after, limit));
		return IdPage.of(ids, limit);
	}

	/** Followed IDs after a cursor, for feed rebuilds. */
	public IdPage followingIds(long userId, long after, int limit) {
		List<Long> ids = this.shards.read(this.shards.shardOf(userId),
				() -> this.edges.followingIdsAfter(userId, after, limit));
		return IdPage.of(ids, limit);
	}

	private int checkedTarget(long followerId, long followeeId) {
		if (followerId == followeeId) {
			throw ApiException.validation("You cannot follow yourself.",
					List.of(new FieldViolation("id", "must not be your own user ID")));
		}
		int followeeShard = this.shards.shardOf(followeeId);
		if (!this.shards.read(followeeShard, () -> this.accounts.exists(followeeId))) {
			throw ApiException.notFound("There is no such user.");
		}
		return followeeShard;
	}

	/** The shard of the caller's account, which must exist. */
	private int requireAccount(long userId) {
		int shard = this.shards.shardOf(userId);
		if (!this.shards.read(shard, () -> this.accounts.exists(userId))) {
			throw ApiException.notFound("Your account does not exist.");
		}
		return shard;
	}

	private void requireExisting(long userId) {
		int shard = this.shards.shardOf(userId);
		if (!this.shards.read(shard, () -> this.accounts.exists(userId))) {
			throw ApiException.notFound("There is no such user.");
		}
	}

	private long followersCountOf(long userId) {
		return this.shards.read(this.shards.shardOf(userId), () -> followersCount(userId));
	}

	private long followersCount(long userId) {
		return this.accounts.find(userId).map((account) -> account.followersCount()).orElse(0L);
	}

	private Page page(List<Long> ids, int limit) {
		boolean hasNext = ids.size() > limit;
		List<Long> pageIds = hasNext ? ids.subList(0, limit) : ids;
		List<UserSummary> users = this.reader.findAllPublic(pageIds).stream().map(UserSummary::of).toList();
		return new Page(users, hasNext);
	}

	record Page(List<UserSummary> users, boolean hasNext) {

	}

}

package com.pixelgram.user.follow;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.stereotype.Repository;

/**
 * The two halves of the follow edges: {@code following} in the follower's shard,
 * {@code followers} in the followee's. Every method runs inside the caller's transaction
 * of the shard that holds the half it touches.
 */
@Repository
class FollowRepository {

	private final Shards shards;

	FollowRepository(Shards shards) {
		this.shards = shards;
	}

	/**
	 * @return whether the edge is new
	 */
	boolean insertFollowing(long followerId, long followeeId, Instant at) {
		return this.shards.jdbc()
			.sql("INSERT INTO following (follower_id, followee_id, created_at) VALUES (:follower, :followee, :at) "
					+ "ON CONFLICT DO NOTHING")
			.param("follower", followerId)
			.param("followee", followeeId)
			.param("at", AccountRepository.timestamp(at))
			.update() == 1;
	}

	/**
	 * @return whether the edge is new
	 */
	boolean insertFollower(long followeeId, long followerId, Instant at) {
		return this.shards.jdbc()
			.sql("INSERT INTO followers (followee_id, follower_id, created_at) VALUES (:followee, :follower, :at) "
					+ "ON CONFLICT DO NOTHING")
			.param("follower", followerId)
			.param("followee", followeeId)
			.param("at", AccountRepository.timestamp(at))
			.update() == 1;
	}

	/**
	 * @return whether there was an edge
	 */
	boolean deleteFollowing(long followerId, long followeeId) {
		return this.shards.jdbc()
			.sql("DELETE FROM following WHERE follower_id = :follower AND followee_id = :followee")
			.param("follower", followerId)
			.param("followee", followeeId)
			.update() == 1;
	}

	/**
	 * @return whether there was an edge
	 */
	boolean deleteFollower(long followeeId, long followerId) {
		return this.shards.jdbc()
			.sql("DELETE FROM followers WHERE followee_id = :followee AND follower_id = :follower")
			.param("follower", followerId)
			.param("followee", followeeId)
			.update() == 1;
	}

	boolean isFollowing(long followerId, long followeeId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM following WHERE follower_id = :follower AND followee_id = :followee)")
			.param("follower", followerId)
			.param("followee", followeeId)
			.query(Boolean.class)
			.single();
	}

	/** A page of a user's followers, newest first, but the hidden ones. */
	List<Long> followers(long followeeId, Set<Long> hidden, long offset, int limit) {
		return this.shards.jdbc()
			.sql("SELECT follower_id FROM followers WHERE followee_id = :followee "
					+ "AND NOT (follower_id = ANY(:hidden)) "
					+ "ORDER BY created_at DESC, follower_id DESC OFFSET :offset LIMIT :limit")
			.param("followee", followeeId)
			.param("hidden", hidden.toArray(Long[]::new))
			.param("offset", offset)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** A page of the users someone follows, newest first, but the hidden ones. */
	List<Long> following(long followerId, Set<Long> hidden, long offset, int limit) {
		return this.shards.jdbc()
			.sql("SELECT followee_id FROM following WHERE follower_id = :follower "
					+ "AND NOT (followee_id = ANY(:hidden)) "
					+ "ORDER BY created_at DESC, followee_id DESC OFFSET :offset LIMIT :limit")
			.param("follower", followerId)
			.param("hidden", hidden.toArray(Long[]::new))
			.param("offset", offset)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** Follower IDs above a cursor, in ID order (fanout pages through them). */
	List<Long> followerIdsAfter(long followeeId, long after, int limit) {
		return this.shards.jdbc()
			.sql("SELECT follower_id FROM followers WHERE followee_id = :followee AND follower_id > :after "
					+ "ORDER BY follower_id LIMIT :limit")
			.param("followee", followeeId)
			.param("after", after)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** Followed IDs above a cursor, in ID order (feed rebuilds page through them). */
	List<Long> followingIdsAfter(long followerId, long after, int limit) {
		return this.shards.jdbc()
			.sql("SELECT followee_id FROM following WHERE follower_id = :follower AND followee_id > :after "
					+ "ORDER BY followee_id LIMIT :limit")
			.param("follower", followerId)
			.param("after", after)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	long countFollowers(long followeeId) {
		return this.shards.jdbc()
			.sql("SELECT count(*) FROM followers WHERE followee_id = :followee")
			.param("followee", followeeId)
			.query(Long.class)
			.single();
	}

	long countFollowing(long followerId) {
		return this.shards.jdbc()
			.sql("SELECT count(*) FROM following WHERE follower_id = :follower")
			.param("follower", followerId)
			.query(Long.class)
			.single();
	}

	/**
	 * Records a request to follow a private account, in the account's shard.
	 * @return whether it is new (false while the same request is pending)
	 */
	boolean insertRequest(long followeeId, long requesterId, Instant at) {
		return this.shards.jdbc()
			.sql("INSERT INTO follow_request (followee_id, requester_id, created_at) VALUES (:followee, :requester, :at) "
					+ "ON CONFLICT DO NOTHING")
			.param("followee", followeeId)
			.param("requester", requesterId)
			.param("at", AccountRepository.timestamp(at))
			.update() == 1;
	}

	boolean hasRequest(long followeeId, long requesterId) {
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM follow_request WHERE followee_id = :followee "
					+ "AND requester_id = :requester)")
			.param("followee", followeeId)
			.param("requester", requesterId)
			.query(Boolean.class)
			.single();
	}

	void deleteRequest(long followeeId, long requesterId) {
		this.shards.jdbc()
			.sql("DELETE FROM follow_request WHERE followee_id = :followee AND requester_id = :requester")
			.param("followee", followeeId)
			.param("requester", requesterId)
			.update();
	}

	/** A page of the requests to follow someone, newest first. */
	List<Long> requesters(long followeeId, long offset, int limit) {
		return this.shards.jdbc()
			.sql("SELECT requester_id FROM follow_request WHERE followee_id = :followee "
					+ "ORDER BY created_at DESC, requester_id DESC OFFSET :offset LIMIT :limit")
			.param("followee", followeeId)
			.param("offset", offset)
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/** Users of the shard whose denormalised counts disagree with their edges. */
	List<Long> driftCandidates() {
		return this.shards.jdbc().sql("""
				SELECT u.id
				  FROM users u
				  LEFT JOIN (SELECT followee_id, count(*) AS n FROM followers GROUP BY followee_id) fr
				         ON fr.followee_id = u.id
				  LEFT JOIN (SELECT follower_id, count(*) AS n FROM following GROUP BY follower_id) fg
				         ON fg.follower_id = u.id
				 WHERE u.followers_count <> coalesce(fr.n, 0) OR u.following_count <> coalesce(fg.n, 0)
				""").query(Long.class).list();
	}

}

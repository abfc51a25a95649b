package com.pixelgram.notification.subscription;

import java.util.List;

import com.pixelgram.notification.clients.ServiceCallException;
import com.pixelgram.notification.clients.UserServiceClient;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Who asked for new-post notifications of an author. Stored in the author's shard, so
 * that a celebrity's fanout pages through one table of one shard. Only followers of the
 * author subscribe, and an unfollow ends the subscription: so the fanout can trust the
 * table without asking user-service about each subscriber.
 */
@Component
public class PostSubscriptions {

	private static final Logger log = LoggerFactory.getLogger(PostSubscriptions.class);

	private final Shards shards;

	private final UserServiceClient users;

	PostSubscriptions(Shards shards, UserServiceClient users) {
		this.shards = shards;
		this.users = users;
	}

	/**
	 * Turns the subscription on or off; both are idempotent. Turning it on needs a follow
	 * of the author; turning it off is allowed to anyone.
	 */
	void set(long authorId, long subscriberId, boolean enabled) {
		// An author of no shard of ours is unknown (404) before user-service is asked.
		int shard = this.shards.shardOf(authorId);
		if (enabled && !follows(subscriberId, authorId)) {
			throw ApiException.conflict("Follow this user to get notified of their new posts.");
		}
		this.shards.write(shard, () -> {
			if (enabled) {
				this.shards.jdbc()
					.sql("INSERT INTO post_subscription (author_id, subscriber_id) VALUES (:author, :subscriber) "
							+ "ON CONFLICT DO NOTHING")
					.param("author", authorId)
					.param("subscriber", subscriberId)
					.update();
			}
			else {
				remove(authorId, subscriberId);
			}
		});
	}

	boolean isSubscribed(long authorId, long subscriberId) {
		return this.shards.read(this.shards.shardOf(authorId),
				() -> this.shards.jdbc()
					.sql("SELECT EXISTS (SELECT 1 FROM post_subscription "
							+ "WHERE author_id = :author AND subscriber_id = :subscriber)")
					.param("author", authorId)
					.param("subscriber", subscriberId)
					.query(Boolean.class)
					.single());
	}

	/**
	 * Ends the subscription of a follower who unfollowed the author, unless the follow is
	 * back. The follow graph decides, not the unfollow's time against the subscription's:
	 * a subscription whose follow check passed just before the unfollow still goes, one
	 * made after a new follow stays, and no two clocks need to agree. Idempotent;
	 * user-service is asked only when there is a subscription.
	 * @throws ServiceCallException when user-service does not answer (the event is
	 * retried)
	 */
	public void unfollowed(long authorId, long followerId) {
		if (isSubscribed(authorId, followerId) && !this.users.follows(followerId, authorId)) {
			this.shards.write(this.shards.shardOf(authorId), () -> remove(authorId, followerId));
		}
	}

	/**
	 * Forgets a deleted account: its subscribers, in its shard, and its subscriptions to
	 * others, in every shard. Idempotent.
	 */
	public void forget(long userId) {
		int own = this.shards.shardOf(userId);
		for (int shard = 0; shard < this.shards.count(); shard++) {
			boolean isOwn = shard == own;
			this.shards.write(shard, () -> {
				if (isOwn) {
					this.shards.jdbc()
						.sql("DELETE FROM post_subscription WHERE author_id = :user")
						.param("user", userId)
						.update();
				}
				this.shards.jdbc()
					.sql("DELETE FROM post_subscription WHERE subscriber_id = :user")
					.param("user", userId)
					.update();
			});
		}
	}

	/** A page of an author's subscribers after a cursor ({@code null}: the start). */
	public List<Long> subscribers(long authorId, Long after, int limit) {
		return this.shards.read(this.shards.shardOf(authorId),
				() -> this.shards.jdbc()
					.sql("SELECT subscriber_id FROM post_subscription WHERE author_id = :author "
							+ "AND subscriber_id > :after ORDER BY subscriber_id LIMIT :limit")
					.param("author", authorId)
					.param("after", (after != null) ? after : Long.MIN_VALUE)
					.param("limit", limit)
					.query(Long.class)
					.list());
	}

	private boolean follows(long followerId, long followeeId) {
		try {
			return this.users.follows(followerId, followeeId);
		}
		catch (ServiceCallException ex) {
			log.warn("Cannot check a follow: {}", ex.getMessage());
			throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
					"Post notifications cannot be turned on right now; try again later.")
				.header("Retry-After", "5");
		}
	}

	private void remove(long authorId, long subscriberId) {
		this.shards.jdbc()
			.sql("DELETE FROM post_subscription WHERE author_id = :author AND subscriber_id = :subscriber")
			.param("author", authorId)
			.param("subscriber", subscriberId)
			.update();
	}

}

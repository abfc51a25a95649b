package com.pixelgram.notification.subscription;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Component;

/**
 * Who asked for new-post notifications of an author. Stored in the author's shard, so
 * that a celebrity's fanout pages through one table of one shard.
 */
@Component
public class PostSubscriptions {

	private final Shards shards;

	PostSubscriptions(Shards shards) {
		this.shards = shards;
	}

	/** Turns the subscription on or off; both are idempotent. */
	void set(long authorId, long subscriberId, boolean enabled) {
		this.shards.write(this.shards.shardOf(authorId), () -> {
			if (enabled) {
				this.shards.jdbc()
					.sql("INSERT INTO post_subscription (author_id, subscriber_id) VALUES (:author, :subscriber) "
							+ "ON CONFLICT DO NOTHING")
					.param("author", authorId)
					.param("subscriber", subscriberId)
					.update();
			}
			else {
				remove(authorId, subscriberId, null);
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
	 * Ends a subscription because the subscriber unfollowed (at {@code before}): a
	 * subscription made after that unfollow stays.
	 */
	public void unfollowed(long authorId, long subscriberId, Instant before) {
		this.shards.write(this.shards.shardOf(authorId), () -> remove(authorId, subscriberId, before));
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

	private void remove(long authorId, long subscriberId, Instant before) {
		String sql = "DELETE FROM post_subscription WHERE author_id = :author AND subscriber_id = :subscriber"
				+ ((before != null) ? " AND created_at <= :before" : "");
		var statement = this.shards.jdbc().sql(sql).param("author", authorId).param("subscriber", subscriberId);
		if (before != null) {
			statement = statement.param("before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
		}
		statement.update();
	}

}

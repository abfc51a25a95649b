package com.pixelgram.notification.inbox;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.pixelgram.notification.inbox.Withdrawals.timestamp;

/**
 * The actors whose activity must not notify a user (blocked either way, muted), from
 * {@code silenced_actor} in the user's shard. Runs inside a shard transaction.
 */
final class Silences {

	private final JdbcClient jdbc;

	private final Withdrawals locks;

	Silences(JdbcClient jdbc, Withdrawals locks) {
		this.jdbc = jdbc;
		this.locks = locks;
	}

	static String subject(long userId, long actorId) {
		return "silence:" + userId + ":" + actorId;
	}

	/**
	 * Whether the actor may not notify the user: one lookup by primary key prefix. Holds
	 * the pair's lock, so that a block being applied and a notification being made never
	 * interleave.
	 */
	boolean silenced(long userId, long actorId) {
		this.locks.lock(subject(userId, actorId));
		return this.jdbc
			.sql("SELECT EXISTS (SELECT 1 FROM silenced_actor WHERE user_id = :user AND actor_id = :actor "
					+ "AND silenced)")
			.param("user", userId)
			.param("actor", actorId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Whether the user keeps the actor silenced (blocked either way, or muted), without
	 * the pair's lock: for a read of the user's shard that writes nothing.
	 */
	boolean silencedReading(long userId, long actorId) {
		return this.jdbc
			.sql("SELECT EXISTS (SELECT 1 FROM silenced_actor WHERE user_id = :user AND actor_id = :actor "
					+ "AND silenced)")
			.param("user", userId)
			.param("actor", actorId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Records a change unless a newer one of the same reason was recorded.
	 * @return whether it was recorded
	 */
	boolean record(long userId, long actorId, char reason, boolean silenced, Instant at) {
		this.locks.lock(subject(userId, actorId));
		return this.jdbc.sql("""
				INSERT INTO silenced_actor (user_id, actor_id, reason, silenced, changed_at)
				VALUES (:user, :actor, :reason, :silenced, :at)
				ON CONFLICT (user_id, actor_id, reason) DO UPDATE
				    SET silenced = EXCLUDED.silenced, changed_at = EXCLUDED.changed_at
				    WHERE silenced_actor.changed_at < EXCLUDED.changed_at
				""")
			.param("user", userId)
			.param("actor", actorId)
			.param("reason", String.valueOf(reason))
			.param("silenced", silenced)
			.param("at", timestamp(at))
			.update() == 1;
	}

	/**
	 * Takes every notification the actor made for the user out of the user's list: their
	 * follow, comments and new posts go, and they leave each like group (which shows the
	 * newest remaining liker, or goes once empty).
	 */
	void purge(long userId, long actorId) {
		this.jdbc.sql("DELETE FROM notification WHERE recipient_id = :user AND actor_id = :actor AND type <> 'LIKE'")
			.param("user", userId)
			.param("actor", actorId)
			.update();
		this.jdbc.sql("""
				WITH removed AS (
				    DELETE FROM post_like WHERE recipient_id = :user AND actor_id = :actor RETURNING post_id
				)
				UPDATE notification n
				   SET actor_count = n.actor_count - 1,
				       actor_id = coalesce((SELECT l.actor_id FROM post_like l
				                             WHERE l.post_id = n.post_id AND l.actor_id <> :actor
				                             ORDER BY l.liked_at DESC LIMIT 1), n.actor_id)
				  FROM removed
				 WHERE n.recipient_id = :user AND n.type = 'LIKE' AND n.post_id = removed.post_id
				""").param("user", userId).param("actor", actorId).update();
		this.jdbc.sql("DELETE FROM notification WHERE recipient_id = :user AND type = 'LIKE' AND actor_count <= 0")
			.param("user", userId)
			.update();
	}

}

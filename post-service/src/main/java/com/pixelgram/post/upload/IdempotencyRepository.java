package com.pixelgram.post.upload;

import java.time.Duration;
import java.util.Optional;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Repository;

/**
 * {@code Idempotency-Key}s of uploads, in the uploader's shard. A key older than the
 * retention is as good as absent, and may be taken again.
 */
@Repository
class IdempotencyRepository {

	private static final String EXPIRED = "now() - CAST(:millis AS double precision) * interval '1 millisecond'";

	private final Shards shards;

	IdempotencyRepository(Shards shards) {
		this.shards = shards;
	}

	/**
	 * The post that holds a live key. Run it in a {@link Shards#write} transaction, on
	 * the primary: the key is looked up right after another request committed it, before
	 * a replica may have it.
	 */
	Optional<Long> find(long userId, String key, Duration retention) {
		return this.shards.jdbc()
			.sql("SELECT post_id FROM upload_idempotency WHERE user_id = :userId AND idempotency_key = :key "
					+ "AND created_at > " + EXPIRED)
			.param("userId", userId)
			.param("key", key)
			.param("millis", retention.toMillis())
			.query(Long.class)
			.optional();
	}

	/** Records the key for the post; false when a live record of it already exists. */
	boolean insert(long userId, String key, long postId, Duration retention) {
		return this.shards.jdbc()
			.sql("INSERT INTO upload_idempotency (user_id, idempotency_key, post_id) VALUES (:userId, :key, :postId) "
					+ "ON CONFLICT (user_id, idempotency_key) DO UPDATE SET post_id = EXCLUDED.post_id, "
					+ "created_at = now() WHERE upload_idempotency.created_at <= " + EXPIRED)
			.param("userId", userId)
			.param("key", key)
			.param("postId", postId)
			.param("millis", retention.toMillis())
			.update() == 1;
	}

	/** Deletes the expired keys of the current shard. */
	int deleteExpired(Duration retention) {
		return this.shards.jdbc()
			.sql("DELETE FROM upload_idempotency WHERE created_at <= " + EXPIRED)
			.param("millis", retention.toMillis())
			.update();
	}

}

package com.pixelgram.post.upload;

import java.time.Duration;
import java.util.List;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Repository;

/**
 * The {@code pending_original} rows of the current shard: the originals stored, or about
 * to be, for uploads whose post is not committed yet. Whoever removes a row owns its
 * object: the upload's commit (the post now references it), or a cleanup that deletes the
 * object in the same transaction (a failed delete rolls the row back).
 */
@Repository
class PendingOriginalRepository {

	private final Shards shards;

	PendingOriginalRepository(Shards shards) {
		this.shards = shards;
	}

	/** Records an original about to be stored; committed before the object exists. */
	void record(String mediaKey) {
		this.shards.jdbc()
			.sql("INSERT INTO pending_original (media_key) VALUES (:mediaKey)")
			.param("mediaKey", mediaKey)
			.update();
	}

	/** Removes the row of an original; false when somebody else already has. */
	boolean remove(String mediaKey) {
		return this.shards.jdbc()
			.sql("DELETE FROM pending_original WHERE media_key = :mediaKey")
			.param("mediaKey", mediaKey)
			.update() == 1;
	}

	/**
	 * Removes up to {@code limit} rows older than the grace period, skipping those
	 * another transaction holds.
	 * @return their media keys
	 */
	List<String> removeExpired(Duration grace, int limit) {
		return this.shards.jdbc()
			.sql("DELETE FROM pending_original WHERE media_key IN (SELECT media_key FROM pending_original "
					+ "WHERE created_at <= now() - CAST(:millis AS double precision) * interval '1 millisecond' "
					+ "ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING media_key")
			.param("millis", grace.toMillis())
			.param("limit", limit)
			.query(String.class)
			.list();
	}

}

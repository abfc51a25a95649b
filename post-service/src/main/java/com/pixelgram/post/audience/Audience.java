package com.pixelgram.post.block;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Component;

/**
 * The blocks between users as this service knows them ({@code block_pair}, in each of the
 * two users' shards). Asked without a call to user-service: a post's reads and writes
 * look the author and the viewer up in the author's shard, inside the transaction they
 * already run there.
 */
@Component
public class Blocks {

	private final Shards shards;

	Blocks(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Whether either user blocked the other: one lookup by primary key prefix in the
	 * user's shard, which must be the shard of the caller's current transaction.
	 */
	public boolean eitherWay(long userId, long otherId) {
		if (userId == otherId) {
			return false;
		}
		return this.shards.jdbc()
			.sql("SELECT EXISTS (SELECT 1 FROM block_pair WHERE user_id = :user AND other_id = :other AND blocked)")
			.param("user", userId)
			.param("other", otherId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Everyone the viewer blocked or was blocked by: one index range scan of the viewer's
	 * shard, in a transaction of its own.
	 */
	public Set<Long> hiddenFrom(long viewerId) {
		return this.shards.read(this.shards.shardOf(viewerId),
				() -> new HashSet<>(this.shards.jdbc()
					.sql("SELECT DISTINCT other_id FROM block_pair WHERE user_id = :user AND blocked")
					.param("user", viewerId)
					.query(Long.class)
					.list()));
	}

	/**
	 * A block placed or lifted, recorded in both users' shards; a change older than the
	 * one recorded is ignored, so events may come late or twice.
	 */
	void record(long blockerId, long blockedId, boolean blocking, Instant at) {
		record(blockerId, blockedId, "b", blocking, at);
		record(blockedId, blockerId, "B", blocking, at);
	}

	private void record(long userId, long otherId, String direction, boolean blocked, Instant at) {
		this.shards.write(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("""
							INSERT INTO block_pair (user_id, other_id, direction, blocked, changed_at)
							VALUES (:user, :other, :direction, :blocked, :at)
							ON CONFLICT (user_id, other_id, direction) DO UPDATE
							    SET blocked = EXCLUDED.blocked, changed_at = EXCLUDED.changed_at
							    WHERE block_pair.changed_at < EXCLUDED.changed_at
							""")
					.param("user", userId)
					.param("other", otherId)
					.param("direction", direction)
					.param("blocked", blocked)
					.param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
					.update());
	}

}

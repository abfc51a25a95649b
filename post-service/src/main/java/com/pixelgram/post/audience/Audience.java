package com.pixelgram.post.audience;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Component;

/**
 * Who may see whose posts, as this service knows it from user-service's events: blocks
 * ({@code block_pair}, in each of the two users' shards), private accounts
 * ({@code author_privacy}) and their followers ({@code follower_copy}), both in the
 * author's shard. Asked without a call to user-service: a post's reads and writes look
 * the author and the viewer up in the author's shard, inside the transaction they already
 * run there.
 */
@Component
public class Audience {

	private final Shards shards;

	Audience(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Whether the viewer may see the author's posts: not when the author is suspended or
	 * either blocked the other, and only as a follower when the author is private.
	 * Primary-key probes in the author's shard, which must be the shard of the caller's
	 * current transaction.
	 */
	public boolean maySee(long authorId, long viewerId) {
		if (authorId == viewerId) {
			return true;
		}
		return this.shards.jdbc().sql("""
				SELECT NOT coalesce((SELECT suspended FROM author_suspension WHERE author_id = :author), false)
				   AND NOT EXISTS (SELECT 1 FROM block_pair WHERE user_id = :author AND other_id = :viewer AND blocked)
				   AND (NOT coalesce((SELECT is_private FROM author_privacy WHERE author_id = :author), false)
				        OR EXISTS (SELECT 1 FROM follower_copy
				                    WHERE author_id = :author AND follower_id = :viewer AND following))
				""").param("author", authorId).param("viewer", viewerId).query(Boolean.class).single();
	}

	/**
	 * Which of the viewers may see the author's posts, by the rules of
	 * {@link #maySee(long, long)}: one query of the author's shard (primary-key probes
	 * per viewer), which must be the shard of the caller's current transaction.
	 */
	public Set<Long> whoMaySee(long authorId, Collection<Long> viewerIds) {
		if (viewerIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.shards.jdbc()
			.sql("""
					SELECT v.viewer FROM unnest(CAST(:viewers AS bigint[])) AS v(viewer)
					 WHERE v.viewer = :author
					    OR (NOT coalesce((SELECT suspended FROM author_suspension WHERE author_id = :author), false)
					        AND NOT EXISTS (SELECT 1 FROM block_pair
					                         WHERE user_id = :author AND other_id = v.viewer AND blocked)
					        AND (NOT coalesce((SELECT is_private FROM author_privacy WHERE author_id = :author), false)
					             OR EXISTS (SELECT 1 FROM follower_copy
					                         WHERE author_id = :author AND follower_id = v.viewer AND following)))
					""")
			.param("author", authorId)
			.param("viewers", viewerIds.toArray(Long[]::new))
			.query(Long.class)
			.list());
	}

	/**
	 * Whether either user blocked the other: a primary-key probe in the user's shard,
	 * which must be the shard of the caller's current transaction.
	 */
	public boolean blockedEitherWay(long userId, long otherId) {
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
	void blocked(long blockerId, long blockedId, boolean blocking, Instant at) {
		recordBlock(blockerId, blockedId, "b", blocking, at);
		recordBlock(blockedId, blockerId, "B", blocking, at);
	}

	/** An account went private or public again, unless a newer change was recorded. */
	void privacy(long authorId, boolean isPrivate, Instant at) {
		this.shards.write(this.shards.shardOf(authorId), () -> this.shards.jdbc().sql("""
				INSERT INTO author_privacy (author_id, is_private, changed_at) VALUES (:author, :private, :at)
				ON CONFLICT (author_id) DO UPDATE SET is_private = EXCLUDED.is_private, changed_at = EXCLUDED.changed_at
				    WHERE author_privacy.changed_at < EXCLUDED.changed_at
				""").param("author", authorId).param("private", isPrivate).param("at", timestamp(at)).update());
	}

	/**
	 * Whether the author is suspended: a primary-key probe in the author's shard, which
	 * must be the shard of the caller's current transaction.
	 */
	public boolean suspended(long authorId) {
		return this.shards.jdbc()
			.sql("SELECT coalesce((SELECT suspended FROM author_suspension WHERE author_id = :author), false)")
			.param("author", authorId)
			.query(Boolean.class)
			.single();
	}

	/** An account suspended or reinstated, unless a newer change was recorded. */
	void suspension(long authorId, boolean suspended, Instant at) {
		this.shards.write(this.shards.shardOf(authorId), () -> this.shards.jdbc().sql("""
				INSERT INTO author_suspension (author_id, suspended, changed_at) VALUES (:author, :suspended, :at)
				ON CONFLICT (author_id) DO UPDATE SET suspended = EXCLUDED.suspended, changed_at = EXCLUDED.changed_at
				    WHERE author_suspension.changed_at < EXCLUDED.changed_at
				""").param("author", authorId).param("suspended", suspended).param("at", timestamp(at)).update());
	}

	/** A follow made or ended, unless a newer change of the edge was recorded. */
	void followed(long followerId, long authorId, boolean following, Instant at) {
		this.shards.write(this.shards.shardOf(authorId),
				() -> this.shards.jdbc()
					.sql("""
							INSERT INTO follower_copy (author_id, follower_id, following, changed_at)
							VALUES (:author, :follower, :following, :at)
							ON CONFLICT (author_id, follower_id) DO UPDATE
							    SET following = EXCLUDED.following, changed_at = EXCLUDED.changed_at
							    WHERE follower_copy.changed_at < EXCLUDED.changed_at
							""")
					.param("author", authorId)
					.param("follower", followerId)
					.param("following", following)
					.param("at", timestamp(at))
					.update());
	}

	/**
	 * Forgets a deleted account: its blocks, privacy and followers in its shard, and the
	 * copies of its blocks and follows in every other shard.
	 */
	public void forget(long userId) {
		int own = this.shards.shardOf(userId);
		for (int shard = 0; shard < this.shards.count(); shard++) {
			boolean isOwn = shard == own;
			this.shards.write(shard, () -> {
				if (isOwn) {
					for (String sql : new String[] { "DELETE FROM block_pair WHERE user_id = :user",
							"DELETE FROM author_privacy WHERE author_id = :user",
							"DELETE FROM author_suspension WHERE author_id = :user",
							"DELETE FROM follower_copy WHERE author_id = :user" }) {
						this.shards.jdbc().sql(sql).param("user", userId).update();
					}
				}
				this.shards.jdbc().sql("DELETE FROM block_pair WHERE other_id = :user").param("user", userId).update();
				this.shards.jdbc()
					.sql("DELETE FROM follower_copy WHERE follower_id = :user")
					.param("user", userId)
					.update();
			});
		}
	}

	private void recordBlock(long userId, long otherId, String direction, boolean blocked, Instant at) {
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
					.param("at", timestamp(at))
					.update());
	}

	private static OffsetDateTime timestamp(Instant at) {
		return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

}

package com.pixelgram.user.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.pixelgram.shard.Shards;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static com.pixelgram.user.account.AccountRepository.timestamp;

/**
 * The {@code user_post} table of a logical shard: each author's posts as post-service's
 * events tell them. Every method runs inside the caller's {@link Shards} transaction of
 * the author's shard.
 */
@Repository
class UserPostRepository {

	private final Shards shards;

	UserPostRepository(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Records a published post.
	 * @return whether it is new (false when it is known already, live or deleted)
	 */
	boolean insertPublished(long postId, long authorId, Instant publishedAt) {
		return jdbc()
			.sql("INSERT INTO user_post (post_id, user_id, deleted, published_at) "
					+ "VALUES (:postId, :authorId, false, :publishedAt) ON CONFLICT (post_id) DO NOTHING")
			.param("postId", postId)
			.param("authorId", authorId)
			.param("publishedAt", timestamp(publishedAt))
			.update() == 1;
	}

	/**
	 * Marks a post deleted, or leaves a tombstone when it is not known yet. One statement
	 * (an upsert waits for a concurrent insert of the same post), so that the post's
	 * PostPublished handled at the same moment is either deleted here or refused by the
	 * tombstone, never missed.
	 * @return the author of a live post this deleted; empty when the post was deleted
	 * already or only a tombstone was written
	 */
	Optional<Long> markDeleted(long postId, long authorId, Instant deletedAt) {
		// Only a PostPublished writes published_at, so a row returned with one was live
		// until this statement (a row deleted already is neither updated nor returned).
		return jdbc().sql("""
				WITH changed AS (
				    INSERT INTO user_post (post_id, user_id, deleted, deleted_at)
				    VALUES (:postId, :authorId, true, :deletedAt)
				    ON CONFLICT (post_id) DO UPDATE SET deleted = true, deleted_at = EXCLUDED.deleted_at
				     WHERE NOT user_post.deleted
				    RETURNING user_id, published_at
				)
				SELECT user_id FROM changed WHERE published_at IS NOT NULL
				""")
			.param("postId", postId)
			.param("authorId", authorId)
			.param("deletedAt", timestamp(deletedAt))
			.query(Long.class)
			.optional();
	}

	/** Live posts of an author. */
	long countLive(long authorId) {
		return jdbc().sql("SELECT count(*) FROM user_post WHERE user_id = :authorId AND NOT deleted")
			.param("authorId", authorId)
			.query(Long.class)
			.single();
	}

	/**
	 * Users of this shard whose post count disagrees with their live posts, read without
	 * locking anything.
	 */
	List<Long> driftCandidates() {
		return jdbc().sql("""
				SELECT u.id
				  FROM users u
				  LEFT JOIN (SELECT user_id, count(*) AS n FROM user_post WHERE NOT deleted GROUP BY user_id) p
				         ON p.user_id = u.id
				 WHERE u.posts_count <> coalesce(p.n, 0)
				""").query(Long.class).list();
	}

	/** The author of a live published post of this shard. */
	Optional<Long> liveAuthor(long postId) {
		return jdbc()
			.sql("SELECT user_id FROM user_post WHERE post_id = :postId AND NOT deleted AND published_at IS NOT NULL")
			.param("postId", postId)
			.query(Long.class)
			.optional();
	}

	/** Records a comment unless it is known already, live or deleted. */
	void insertComment(long commentId, long postId, long userId, Instant createdAt) {
		jdbc()
			.sql("INSERT INTO user_comment (comment_id, post_id, user_id, deleted, created_at) "
					+ "VALUES (:commentId, :postId, :userId, false, :createdAt) ON CONFLICT (comment_id) DO NOTHING")
			.param("commentId", commentId)
			.param("postId", postId)
			.param("userId", userId)
			.param("createdAt", timestamp(createdAt))
			.update();
	}

	/** Marks a comment deleted, or leaves a tombstone when it is not known yet. */
	void markCommentDeleted(long commentId, long postId, long userId) {
		jdbc()
			.sql("INSERT INTO user_comment (comment_id, post_id, user_id, deleted) "
					+ "VALUES (:commentId, :postId, :userId, true) "
					+ "ON CONFLICT (comment_id) DO UPDATE SET deleted = true")
			.param("commentId", commentId)
			.param("postId", postId)
			.param("userId", userId)
			.update();
	}

	/** A live comment of this shard's posts. */
	Optional<PostOwners.CommentOwner> liveComment(long commentId) {
		return jdbc()
			.sql("SELECT comment_id, post_id, user_id FROM user_comment WHERE comment_id = :commentId AND NOT deleted")
			.param("commentId", commentId)
			.query((rs, row) -> new PostOwners.CommentOwner(rs.getLong("comment_id"), rs.getLong("post_id"),
					rs.getLong("user_id")))
			.optional();
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

}

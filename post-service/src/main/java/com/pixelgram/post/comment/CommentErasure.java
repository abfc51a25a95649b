package com.pixelgram.post.comment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.Mention;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.posts.MentionsJson;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Service;

/**
 * Deletes every comment of a deleted account, as the user would one by one: each with its
 * {@code CommentDeleted} and the post's count corrected in the post's shard transaction.
 * A top-level comment that others replied to stays as a tombstone for the replies, as
 * after any deletion, but without its author: the tombstone names user 0. Comments live
 * beside their posts, in any shard, so every shard is asked (by the {@code comment_user}
 * index). Safe to run again.
 */
@Service
public class CommentErasure {

	/** Who a tombstone of a deleted account's comment names. */
	public static final long NOBODY = 0;

	private static final int PAGE = 500;

	private final Shards shards;

	private final PostRepository posts;

	private final PostCache cache;

	private final EventPublisher events;

	private final Clock clock = Clock.systemUTC();

	CommentErasure(Shards shards, PostRepository posts, PostCache cache, EventPublisher events) {
		this.shards = shards;
		this.posts = posts;
		this.cache = cache;
		this.events = events;
	}

	/**
	 * Deletes every comment of the user.
	 * @return comments deleted
	 */
	public int eraseCommentsBy(long userId) {
		return this.shards.drainEveryShard(() -> this.shards.jdbc()
			.sql("SELECT comment_id, post_id FROM comment WHERE user_id = :userId ORDER BY comment_id LIMIT :limit")
			.param("userId", userId)
			.param("limit", PAGE)
			.query((rs, row) -> new Comment(rs.getLong("comment_id"), rs.getLong("post_id")))
			.list(), (shard, comment) -> withdraw(shard, userId, comment));
	}

	private boolean withdraw(int shard, long userId, Comment target) {
		Instant now = this.clock.instant();
		boolean deleted = this.shards.write(shard, () -> {
			Post post = this.posts.findForShare(target.postId()).orElse(null);
			Row row = this.shards.jdbc()
				.sql("SELECT reply_to, replies_count, deleted, mentions FROM comment "
						+ "WHERE comment_id = :id AND user_id = :userId FOR UPDATE")
				.param("id", target.commentId())
				.param("userId", userId)
				.query((rs, n) -> new Row((Long) rs.getObject("reply_to", Long.class), rs.getLong("replies_count"),
						rs.getBoolean("deleted"), MentionsJson.read(rs.getString("mentions"))))
				.optional()
				.orElse(null);
			if (row == null) {
				return false;
			}
			if (row.deleted() || (row.replyTo() == null && row.repliesCount() > 0)) {
				// Its replies stay readable under a tombstone of nobody.
				this.shards.jdbc()
					.sql("UPDATE comment SET deleted = true, text = '', user_id = :nobody WHERE comment_id = :id")
					.param("id", target.commentId())
					.param("nobody", NOBODY)
					.update();
				if (row.deleted() || post == null) {
					return false;
				}
			}
			else {
				this.shards.jdbc()
					.sql("DELETE FROM comment WHERE comment_id = :id")
					.param("id", target.commentId())
					.update();
				if (row.replyTo() != null) {
					// The parent's tombstone goes with its last reply.
					this.shards.jdbc()
						.sql("UPDATE comment SET replies_count = replies_count - 1 WHERE comment_id = :parent")
						.param("parent", row.replyTo())
						.update();
					this.shards.jdbc()
						.sql("DELETE FROM comment WHERE comment_id = :parent AND deleted AND replies_count <= 0")
						.param("parent", row.replyTo())
						.update();
				}
				if (post == null) {
					return false;
				}
			}
			this.posts.addComments(target.postId(), -1);
			this.events.publish(new CommentDeleted(target.commentId(), target.postId(), post.userId(), userId, now,
					row.mentions()));
			return true;
		});
		if (deleted) {
			this.cache.evict(target.postId());
		}
		return deleted;
	}

	private record Comment(long commentId, long postId) {

	}

	private record Row(Long replyTo, long repliesCount, boolean deleted, List<Mention> mentions) {

	}

}

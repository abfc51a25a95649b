package com.pixelgram.user.post;

import java.time.Instant;
import java.util.Optional;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Service;

/**
 * Who made a post or a comment, as post-service's events tell it: the live posts of
 * {@code user_post} and the comments of {@code user_comment}, both in the shard the ID
 * carries (a post's, and its comments', is its author's). A report of a post or comment
 * is checked against them without asking post-service.
 */
@Service
public class PostOwners {

	private final Shards shards;

	private final UserPostRepository rows;

	PostOwners(Shards shards, UserPostRepository rows) {
		this.shards = shards;
		this.rows = rows;
	}

	/** The author of a published post that is not deleted; empty for any other ID. */
	public Optional<Long> authorOfPost(long postId) {
		int shard = this.shards.shardOf(postId);
		return this.shards.read(shard, () -> this.rows.liveAuthor(postId));
	}

	/**
	 * A comment that is not deleted, on a post that is not; empty for any other ID.
	 */
	public Optional<CommentOwner> comment(long commentId) {
		int shard = this.shards.shardOf(commentId);
		return this.shards.read(shard,
				() -> this.rows.liveComment(commentId)
					.filter((comment) -> this.shards.shardOf(comment.postId()) == shard
							&& this.rows.liveAuthor(comment.postId()).isPresent()));
	}

	public void commented(long commentId, long postId, long userId, Instant createdAt) {
		this.shards.write(this.shards.shardOf(commentId),
				() -> this.rows.insertComment(commentId, postId, userId, createdAt));
	}

	public void uncommented(long commentId, long postId, long userId) {
		this.shards.write(this.shards.shardOf(commentId),
				() -> this.rows.markCommentDeleted(commentId, postId, userId));
	}

	/**
	 * A comment and whose it is.
	 *
	 * @param commentId the comment
	 * @param postId its post
	 * @param userId its author
	 */
	public record CommentOwner(long commentId, long postId, long userId) {

	}

}

package com.pixelgram.user.post;

import java.time.Instant;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.stereotype.Service;

/**
 * Keeps {@code posts_count} on the author's row from post-service's events, in the
 * author's shard. Idempotent and order-independent through {@code user_post}: a post
 * counts once however often it is published, and never once it is deleted, whichever
 * event comes first. Events about an author without an account here (deleted, being
 * erased) change nothing (a suspended account's posts still count), so that the erasure
 * of an account's posts, which sends their PostDeleted, leaves no row of it behind.
 */
@Service
public class PostCounts {

	private final Shards shards;

	private final UserPostRepository posts;

	private final AccountRepository accounts;

	private final AccountReader reader;

	PostCounts(Shards shards, UserPostRepository posts, AccountRepository accounts, AccountReader reader) {
		this.shards = shards;
		this.posts = posts;
		this.accounts = accounts;
		this.reader = reader;
	}

	/** A post became visible: counted unless it is known already. */
	public void published(long postId, long authorId, Instant publishedAt) {
		boolean counted = this.shards.write(this.shards.shardOf(authorId), () -> {
			if (!this.accounts.holds(authorId) || !this.posts.insertPublished(postId, authorId, publishedAt)) {
				return false;
			}
			this.accounts.addPosts(authorId, 1);
			return true;
		});
		if (counted) {
			this.reader.evict(authorId);
		}
	}

	/**
	 * A post was deleted: uncounted if it was live; remembered if it is not known yet, so
	 * that its PostPublished arriving later does not count it.
	 */
	public void deleted(long postId, long authorId, Instant deletedAt) {
		Long uncounted = this.shards.write(this.shards.shardOf(authorId), () -> {
			if (!this.accounts.holds(authorId)) {
				return null;
			}
			Long author = this.posts.markDeleted(postId, authorId, deletedAt).orElse(null);
			if (author != null) {
				this.accounts.addPosts(author, -1);
			}
			return author;
		});
		if (uncounted != null) {
			this.reader.evict(uncounted);
		}
	}

}

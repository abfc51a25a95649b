package com.pixelgram.post.erasure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.pixelgram.post.audience.AccountErasure;
import com.pixelgram.post.audience.Audience;
import com.pixelgram.post.comment.CommentErasure;
import com.pixelgram.post.export.DataExports;
import com.pixelgram.post.like.LikeErasure;
import com.pixelgram.post.posts.AuthorDirectory;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.PostService;
import com.pixelgram.shard.Shards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Erases a deleted account from post-service: each of its posts as the author's own
 * deletion does (likes and comments with it, {@code PostDeleted} for the feeds and
 * notifications, the original and every rendition through the durable purge job), its
 * likes and comments on other posts (each with its event, the counts corrected), the
 * audience rows that name it, its upload idempotency keys, its cached username and its
 * data exports (build jobs and zips). Every step only acts on rows still there, so a
 * redelivered event or a second run changes nothing more.
 * <p>
 * The account is recorded in {@code erased_user} first, and the sweep runs the erasure
 * again after {@code recheck-after}: by then no access token of the account is valid, so
 * nothing more of it can arrive.
 */
@Service
class UserErasure implements AccountErasure {

	private static final Logger log = LoggerFactory.getLogger(UserErasure.class);

	private static final int PAGE = 100;

	private final Shards shards;

	private final PostRepository posts;

	private final PostService postService;

	private final LikeErasure likes;

	private final CommentErasure comments;

	private final Audience audience;

	private final AuthorDirectory authors;

	private final ErasureProperties properties;

	private final DataExports exports;

	UserErasure(Shards shards, PostRepository posts, PostService postService, LikeErasure likes,
			CommentErasure comments, Audience audience, AuthorDirectory authors, ErasureProperties properties,
			DataExports exports) {
		this.exports = exports;
		this.shards = shards;
		this.posts = posts;
		this.postService = postService;
		this.likes = likes;
		this.comments = comments;
		this.audience = audience;
		this.authors = authors;
		this.properties = properties;
	}

	@Override
	public void erase(long userId, Instant deletedAt) {
		Instant recheckAt = Instant.now().plus(this.properties.recheckAfter());
		this.shards.write(this.shards.shardOf(userId), () -> this.shards.jdbc()
			.sql("INSERT INTO erased_user (user_id, deleted_at, recheck_at) VALUES (:user, :deletedAt, :recheckAt) "
					+ "ON CONFLICT (user_id) DO NOTHING")
			.param("user", userId)
			.param("deletedAt", timestamp(deletedAt))
			.param("recheckAt", timestamp(recheckAt))
			.update());
		eraseAll(userId);
	}

	@Override
	public boolean isErased(long userId) {
		return this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT EXISTS (SELECT 1 FROM erased_user WHERE user_id = :user)")
					.param("user", userId)
					.query(Boolean.class)
					.single());
	}

	/**
	 * Runs the second erasure of every account whose recheck is due, then forgets it.
	 * @return accounts erased again
	 */
	int sweep(Instant now) {
		int done = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			int current = shard;
			List<Long> due = this.shards.read(current, () -> this.shards.jdbc()
				.sql("SELECT user_id FROM erased_user WHERE recheck_at <= :now ORDER BY recheck_at LIMIT :limit")
				.param("now", timestamp(now))
				.param("limit", this.properties.batchSize())
				.query(Long.class)
				.list());
			for (long userId : due) {
				try {
					eraseAll(userId);
					this.shards.write(current,
							() -> this.shards.jdbc()
								.sql("DELETE FROM erased_user WHERE user_id = :user")
								.param("user", userId)
								.update());
					done++;
				}
				catch (RuntimeException ex) {
					log.warn("Second erasure of user {} failed, trying again next sweep: {}", userId, ex.toString());
				}
			}
		}
		return done;
	}

	private void eraseAll(long userId) {
		int shard = this.shards.shardOf(userId);
		int erasedPosts = 0;
		for (List<Post> page = ownPosts(shard, userId); !page.isEmpty(); page = ownPosts(shard, userId)) {
			for (Post post : page) {
				if (this.postService.erase(post.postId())) {
					erasedPosts++;
				}
			}
		}
		int erasedLikes = this.likes.eraseLikesBy(userId);
		int erasedComments = this.comments.eraseCommentsBy(userId);
		this.audience.forget(userId);
		this.shards.write(shard,
				() -> this.shards.jdbc()
					.sql("DELETE FROM upload_idempotency WHERE user_id = :user")
					.param("user", userId)
					.update());
		this.authors.forget(userId);
		int erasedExports = this.exports.forget(userId);
		log.info("Erased user {}: {} posts, {} likes, {} comments, {} export zips", userId, erasedPosts, erasedLikes,
				erasedComments, erasedExports);
	}

	private List<Post> ownPosts(int shard, long userId) {
		return this.shards.read(shard, () -> this.posts.byAuthor(userId, true, 0, PAGE));
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}

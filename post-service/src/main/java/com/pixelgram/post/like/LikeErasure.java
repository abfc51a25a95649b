package com.pixelgram.post.like;

import java.time.Clock;
import java.time.Instant;

import com.pixelgram.events.LikeDeleted;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Service;

/**
 * Takes back every like of a deleted account, as the user would one by one: each with its
 * {@code LikeDeleted} and the post's count corrected in the post's shard transaction. A
 * like's row lives beside its post, in any shard, so every shard is asked (by the
 * {@code post_like_user} index). Safe to run again: only a row really deleted counts.
 */
@Service
public class LikeErasure {

	private static final int PAGE = 500;

	private final Shards shards;

	private final PostRepository posts;

	private final PostCache cache;

	private final EventPublisher events;

	private final Clock clock = Clock.systemUTC();

	LikeErasure(Shards shards, PostRepository posts, PostCache cache, EventPublisher events) {
		this.shards = shards;
		this.posts = posts;
		this.cache = cache;
		this.events = events;
	}

	/**
	 * Takes back every like of the user.
	 * @return likes taken back
	 */
	public int eraseLikesBy(long userId) {
		return this.shards.drainEveryShard(() -> this.shards.jdbc()
			.sql("SELECT post_id FROM post_like WHERE user_id = :userId ORDER BY post_id LIMIT :limit")
			.param("userId", userId)
			.param("limit", PAGE)
			.query(Long.class)
			.list(), (shard, postId) -> withdraw(shard, userId, postId));
	}

	private boolean withdraw(int shard, long userId, long postId) {
		Instant now = this.clock.instant();
		boolean deleted = this.shards.write(shard, () -> {
			Post post = this.posts.findForShare(postId).orElse(null);
			int rows = this.shards.jdbc()
				.sql("DELETE FROM post_like WHERE post_id = :postId AND user_id = :userId")
				.param("postId", postId)
				.param("userId", userId)
				.update();
			if (rows == 0 || post == null) {
				return false;
			}
			this.events.publish(new LikeDeleted(postId, post.userId(), userId, now));
			this.posts.addLikes(postId, -1);
			return true;
		});
		if (deleted) {
			this.cache.evict(postId);
		}
		return deleted;
	}

}

package com.pixelgram.post.like;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.id.JsonId;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.web.Paging;
import com.pixelgram.post.audience.Audience;
import com.pixelgram.post.posts.AuthorDirectory;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;

import org.springframework.stereotype.Service;

/**
 * Likes, in the post's shard. Liking twice or unliking what is not liked changes nothing;
 * the count on the post and the event follow only a row that really changed.
 */
@Service
class LikeService {

	private final Shards shards;

	private final PostRepository posts;

	private final PostCache cache;

	private final AuthorDirectory authors;

	private final EventPublisher events;

	private final Audience audience;

	private final Clock clock = Clock.systemUTC();

	LikeService(Shards shards, PostRepository posts, PostCache cache, AuthorDirectory authors, EventPublisher events,
			Audience audience) {
		this.audience = audience;
		this.shards = shards;
		this.posts = posts;
		this.cache = cache;
		this.authors = authors;
		this.events = events;
	}

	LikeState like(long userId, long postId) {
		Instant now = this.clock.instant();
		Result result = this.shards.write(this.shards.shardOf(postId), () -> {
			Post post = visible(postId, userId);
			int inserted = this.shards.jdbc()
				.sql("INSERT INTO post_like (post_id, user_id, created_at) VALUES (:postId, :userId, :at) "
						+ "ON CONFLICT DO NOTHING")
				.param("postId", postId)
				.param("userId", userId)
				.param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				.update();
			if (inserted == 0) {
				return new Result(new LikeState(postId, true, post.likesCount()), false);
			}
			this.events.publish(new LikeCreated(postId, post.userId(), userId, now));
			// Last: the post row stays locked from here to commit, and a popular post's
			// likes queue on it.
			long count = this.posts.addLikes(postId, 1);
			return new Result(new LikeState(postId, true, count), true);
		});
		if (result.changed()) {
			this.cache.evict(postId);
		}
		return result.state();
	}

	LikeState unlike(long userId, long postId) {
		Instant now = this.clock.instant();
		Result result = this.shards.write(this.shards.shardOf(postId), () -> {
			Post post = visible(postId, userId);
			int deleted = this.shards.jdbc()
				.sql("DELETE FROM post_like WHERE post_id = :postId AND user_id = :userId")
				.param("postId", postId)
				.param("userId", userId)
				.update();
			if (deleted == 0) {
				return new Result(new LikeState(postId, false, post.likesCount()), false);
			}
			this.events.publish(new LikeDeleted(postId, post.userId(), userId, now));
			long count = this.posts.addLikes(postId, -1);
			return new Result(new LikeState(postId, false, count), true);
		});
		if (result.changed()) {
			this.cache.evict(postId);
		}
		return result.state();
	}

	/**
	 * A page of a post's likes, newest first, without those of users blocked either way
	 * by the viewer.
	 */
	List<Liker> likers(long viewerId, long postId, Paging paging) {
		Set<Long> hidden = this.audience.hiddenFrom(viewerId);
		List<Liker> rows = this.shards.read(this.shards.shardOf(postId), () -> {
			Post post = this.posts.find(postId)
				.filter((found) -> found.visibleTo(viewerId) && !hidden.contains(found.userId())
						&& this.audience.maySee(found.userId(), viewerId))
				.orElseThrow(() -> notFound(postId));
			return this.shards.jdbc()
				.sql("SELECT user_id, created_at FROM post_like WHERE post_id = :postId AND NOT (user_id = ANY(:hidden)) "
						+ "ORDER BY created_at DESC, user_id DESC OFFSET :offset LIMIT :limit")
				.param("postId", post.postId())
				.param("hidden", hidden.toArray(Long[]::new))
				.param("offset", paging.offset())
				.param("limit", paging.fetchSize())
				.query(LikeService::liker)
				.list();
		});
		Map<Long, String> usernames = this.authors.usernames(rows.stream().map(Liker::userId).toList());
		List<Liker> named = new ArrayList<>();
		rows.forEach((row) -> named.add(new Liker(row.userId(), usernames.get(row.userId()), row.createdAt())));
		return named;
	}

	private Post visible(long postId, long userId) {
		// Only READY posts take likes, and only from users who may see them (not blocked
		// either way, a follower of a private author); the row is kept from deletion
		// until commit.
		return this.posts.findForShare(postId)
			.filter((post) -> post.uploadStatus() == com.pixelgram.post.posts.UploadStatus.READY)
			.filter((post) -> this.audience.maySee(post.userId(), userId))
			.orElseThrow(() -> notFound(postId));
	}

	private static ApiException notFound(long postId) {
		return ApiException.notFound("There is no post " + postId + ".");
	}

	private static Liker liker(ResultSet rs, int row) throws SQLException {
		return new Liker(rs.getLong("user_id"), null, rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private record Result(LikeState state, boolean changed) {

	}

	/**
	 * The viewer's like after a like or unlike.
	 *
	 * @param postId the post
	 * @param likedByMe whether the viewer likes it now
	 * @param likesCount the post's likes now
	 */
	record LikeState(@JsonId long postId, boolean likedByMe, long likesCount) {

	}

	/**
	 * One like of a post.
	 *
	 * @param userId who liked
	 * @param username their username, absent when user-service could not say
	 * @param createdAt when
	 */
	record Liker(@JsonId long userId, String username, Instant createdAt) {

	}

}

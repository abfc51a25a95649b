package com.pixelgram.post.comment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.id.JsonId;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.web.Paging;
import com.pixelgram.post.PostProperties;
import com.pixelgram.post.UserText;
import com.pixelgram.post.audience.Audience;
import com.pixelgram.post.posts.AuthorDirectory;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.UploadStatus;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;

import org.springframework.stereotype.Service;

/**
 * Comments, in the post's shard (their IDs carry it). A comment may be deleted by its
 * author or by the post's owner.
 */
@Service
class CommentService {

	private final Shards shards;

	private final IdGenerator ids;

	private final PostRepository posts;

	private final PostCache cache;

	private final AuthorDirectory authors;

	private final EventPublisher events;

	private final PostProperties properties;

	private final Audience audience;

	private final Clock clock = Clock.systemUTC();

	CommentService(Shards shards, IdGenerator ids, PostRepository posts, PostCache cache, AuthorDirectory authors,
			EventPublisher events, PostProperties properties, Audience audience) {
		this.shards = shards;
		this.ids = ids;
		this.posts = posts;
		this.cache = cache;
		this.authors = authors;
		this.events = events;
		this.properties = properties;
		this.audience = audience;
	}

	CommentView create(long userId, long postId, String text) {
		String trimmed = (text != null) ? text.strip() : "";
		int length = trimmed.codePointCount(0, trimmed.length());
		if (length < 1 || length > this.properties.commentMaxLength()) {
			throw ApiException.validation("The comment is invalid.", List.of(new FieldViolation("text",
					"must be between 1 and " + this.properties.commentMaxLength() + " characters")));
		}
		if (UserText.hasControlCharacter(trimmed, true)) {
			throw ApiException.validation("The comment is invalid.", List
				.of(new FieldViolation("text", "must not contain control characters other than tab and line breaks")));
		}
		int shard = this.shards.shardOf(postId);
		Instant now = this.clock.instant();
		CommentView created = this.shards.write(shard, () -> {
			Post post = this.posts.findForShare(postId)
				.filter((found) -> found.uploadStatus() == UploadStatus.READY)
				.filter((found) -> this.audience.maySee(found.userId(), userId))
				.orElseThrow(() -> notFound("There is no post " + postId + "."));
			long commentId = this.ids.nextId(shard);
			this.shards.jdbc()
				.sql("INSERT INTO comment (comment_id, post_id, user_id, text, created_at) "
						+ "VALUES (:id, :postId, :userId, :text, :at)")
				.param("id", commentId)
				.param("postId", postId)
				.param("userId", userId)
				.param("text", trimmed)
				.param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				.update();
			this.events.publish(new CommentCreated(commentId, postId, post.userId(), userId, trimmed, now));
			// Last: the post row stays locked from here to commit.
			this.posts.addComments(postId, 1);
			return new CommentView(commentId, postId, userId, null, trimmed, now);
		});
		this.cache.evict(postId);
		return created.named(this.authors.username(userId));
	}

	/**
	 * A page of a post's comments, oldest first, without those of users blocked either
	 * way by the viewer.
	 */
	List<CommentView> list(long viewerId, long postId, Paging paging) {
		Set<Long> hidden = this.audience.hiddenFrom(viewerId);
		List<CommentView> rows = this.shards.read(this.shards.shardOf(postId), () -> {
			this.posts.find(postId)
				.filter((post) -> post.visibleTo(viewerId) && !hidden.contains(post.userId())
						&& this.audience.maySee(post.userId(), viewerId))
				.orElseThrow(() -> notFound("There is no post " + postId + "."));
			return this.shards.jdbc()
				.sql("SELECT comment_id, post_id, user_id, text, created_at FROM comment WHERE post_id = :postId "
						+ "AND NOT (user_id = ANY(:hidden)) ORDER BY comment_id OFFSET :offset LIMIT :limit")
				.param("postId", postId)
				.param("hidden", hidden.toArray(Long[]::new))
				.param("offset", paging.offset())
				.param("limit", paging.fetchSize())
				.query(CommentService::map)
				.list();
		});
		Map<Long, String> usernames = this.authors.usernames(rows.stream().map(CommentView::userId).toList());
		return rows.stream().map((row) -> row.named(usernames.get(row.userId()))).toList();
	}

	/**
	 * @throws ApiException 404 for an unknown post or comment, 403 when the viewer is
	 * neither the comment's author nor the post's owner
	 */
	void delete(long viewerId, long postId, long commentId) {
		int shard = this.shards.shardOf(postId);
		Instant now = this.clock.instant();
		this.shards.write(shard, () -> {
			Post post = this.posts.findForShare(postId)
				.filter((found) -> found.visibleTo(viewerId))
				.orElseThrow(() -> notFound("There is no post " + postId + "."));
			CommentView comment = find(postId, commentId)
				.orElseThrow(() -> notFound("There is no comment " + commentId + " on post " + postId + "."));
			if (comment.userId() != viewerId && post.userId() != viewerId) {
				throw ApiException.forbidden("Only the comment's author or the post's owner may delete it.");
			}
			int deleted = this.shards.jdbc()
				.sql("DELETE FROM comment WHERE comment_id = :id AND post_id = :postId")
				.param("id", commentId)
				.param("postId", postId)
				.update();
			if (deleted == 1) {
				this.posts.addComments(postId, -1);
				this.events.publish(new CommentDeleted(commentId, postId, post.userId(), comment.userId(), now));
			}
		});
		this.cache.evict(postId);
	}

	private Optional<CommentView> find(long postId, long commentId) {
		return this.shards.jdbc()
			.sql("SELECT comment_id, post_id, user_id, text, created_at FROM comment "
					+ "WHERE comment_id = :id AND post_id = :postId FOR UPDATE")
			.param("id", commentId)
			.param("postId", postId)
			.query(CommentService::map)
			.optional();
	}

	private static ApiException notFound(String detail) {
		return ApiException.notFound(detail);
	}

	private static CommentView map(ResultSet rs, int row) throws SQLException {
		return new CommentView(rs.getLong("comment_id"), rs.getLong("post_id"), rs.getLong("user_id"), null,
				rs.getString("text"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	/**
	 * A comment as the API shows it.
	 *
	 * @param commentId the ID
	 * @param postId the post
	 * @param userId the author
	 * @param username the author's username, absent when user-service could not say
	 * @param text the text
	 * @param createdAt when it was written
	 */
	record CommentView(@JsonId long commentId, @JsonId long postId, @JsonId long userId, String username, String text,
			Instant createdAt) {

		CommentView named(String name) {
			return new CommentView(this.commentId, this.postId, this.userId, name, this.text, this.createdAt);
		}

	}

}

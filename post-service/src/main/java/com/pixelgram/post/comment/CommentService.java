package com.pixelgram.post.comment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.Mention;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.id.JsonId;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.web.Paging;
import com.pixelgram.post.PostProperties;
import com.pixelgram.post.UserText;
import com.pixelgram.post.audience.Audience;
import com.pixelgram.post.posts.AuthorDirectory;
import com.pixelgram.post.posts.MentionEvents;
import com.pixelgram.post.posts.Mentions;
import com.pixelgram.post.posts.MentionsJson;
import com.pixelgram.post.posts.Post;
import com.pixelgram.post.posts.PostCache;
import com.pixelgram.post.posts.PostRepository;
import com.pixelgram.post.posts.UploadStatus;
import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.stereotype.Service;

/**
 * Comments, in the post's shard (their IDs carry it). A comment may be deleted by its
 * author or by the post's owner. Replies are one level deep: a reply to a reply belongs
 * to the same top-level comment. A top-level comment deleted while it has replies stays
 * as a tombstone that keeps them readable, and goes with its last reply.
 */
@Service
public class CommentService {

	private final Shards shards;

	private final IdGenerator ids;

	private final PostRepository posts;

	private final PostCache cache;

	private final AuthorDirectory authors;

	private final EventPublisher events;

	private final PostProperties properties;

	private final Audience audience;

	private final MentionEvents mentionEvents;

	private final Clock clock = Clock.systemUTC();

	CommentService(Shards shards, IdGenerator ids, PostRepository posts, PostCache cache, AuthorDirectory authors,
			EventPublisher events, PostProperties properties, Audience audience, MentionEvents mentionEvents) {
		this.mentionEvents = mentionEvents;
		this.shards = shards;
		this.ids = ids;
		this.posts = posts;
		this.cache = cache;
		this.authors = authors;
		this.events = events;
		this.properties = properties;
		this.audience = audience;
	}

	private static final String COLUMNS = "comment_id, post_id, user_id, text, created_at, reply_to, replies_count, deleted, "
			+ "mentions";

	CommentView create(long userId, long postId, String text, Long replyTo) {
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
		List<FieldViolation> tooMany = new ArrayList<>();
		Mentions.check(tooMany, "text", trimmed);
		if (!tooMany.isEmpty()) {
			throw ApiException.validation("The comment is invalid.", tooMany);
		}
		// Before the transaction: it asks user-service.
		List<Mention> mentions = this.authors.mentions(trimmed);
		int shard = this.shards.shardOf(postId);
		Instant now = this.clock.instant();
		CommentView created = this.shards.write(shard, () -> {
			Post post = this.posts.findForShare(postId)
				.filter((found) -> found.uploadStatus() == UploadStatus.READY)
				.filter((found) -> this.audience.maySee(found.userId(), userId))
				.orElseThrow(() -> notFound("There is no post " + postId + "."));
			Long parent = (replyTo != null) ? parentOf(postId, replyTo) : null;
			long commentId = this.ids.nextId(shard);
			this.shards.jdbc()
				.sql("INSERT INTO comment (comment_id, post_id, user_id, text, created_at, reply_to, mentions) "
						+ "VALUES (:id, :postId, :userId, :text, :at, :replyTo, CAST(:mentions AS jsonb))")
				.param("mentions", MentionsJson.write(mentions))
				.param("id", commentId)
				.param("postId", postId)
				.param("userId", userId)
				.param("text", trimmed)
				.param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				.param("replyTo", parent)
				.update();
			if (parent != null) {
				this.shards.jdbc()
					.sql("UPDATE comment SET replies_count = replies_count + 1 WHERE comment_id = :id")
					.param("id", parent)
					.update();
			}
			this.events.publish(new CommentCreated(commentId, postId, post.userId(), userId, trimmed, now));
			this.mentionEvents.comment(post, commentId, userId, trimmed, mentions, now);
			// Last: the post row stays locked from here to commit.
			this.posts.addComments(postId, 1);
			return new CommentView(commentId, postId, userId, null, trimmed, now, parent, (parent != null) ? null : 0L,
					null, mentions);
		});
		this.cache.evict(postId);
		return created.named(this.authors.username(userId));
	}

	/**
	 * The top-level comment a new reply belongs to: the one it answers, or that one's
	 * parent when it answers a reply. The parent's row stays locked until commit, so that
	 * its deletion counts this reply.
	 * @throws ApiException 400 when {@code replyTo} is not a comment of this post
	 */
	private long parentOf(long postId, long replyTo) {
		CommentView target = find(postId, replyTo).filter((comment) -> comment.deleted() == null)
			.orElseThrow(() -> ApiException.validation("reply_to is not a comment of this post.",
					List.of(new FieldViolation("reply_to", "must be the ID of a comment of post " + postId))));
		if (target.replyTo() == null) {
			return target.commentId();
		}
		find(postId, target.replyTo());
		return target.replyTo();
	}

	/**
	 * A page of a post's top-level comments, oldest first, each with its
	 * {@code replies_count}, without those of users blocked either way by the viewer; a
	 * deleted one that still has replies shows as deleted.
	 */
	List<CommentView> list(long viewerId, long postId, Paging paging) {
		return page(viewerId, postId, "reply_to IS NULL AND (NOT deleted OR replies_count > 0)", null, paging);
	}

	/**
	 * A page of the replies to a top-level comment, oldest first, without those of users
	 * blocked either way by the viewer.
	 * @throws ApiException 404 when the post or the comment is unknown, or the comment is
	 * a reply
	 */
	List<CommentView> replies(long viewerId, long postId, long commentId, Paging paging) {
		return page(viewerId, postId, "reply_to = :parent AND NOT deleted", commentId, paging);
	}

	private List<CommentView> page(long viewerId, long postId, String where, Long parent, Paging paging) {
		Set<Long> hidden = this.audience.hiddenFrom(viewerId);
		List<CommentView> rows = this.shards.read(this.shards.shardOf(postId), () -> {
			this.posts.find(postId)
				.filter((post) -> post.visibleTo(viewerId) && !hidden.contains(post.userId())
						&& this.audience.maySee(post.userId(), viewerId))
				.orElseThrow(() -> notFound("There is no post " + postId + "."));
			if (parent != null) {
				this.shards.jdbc()
					.sql("SELECT 1 FROM comment WHERE comment_id = :id AND post_id = :postId AND reply_to IS NULL")
					.param("id", parent)
					.param("postId", postId)
					.query(Integer.class)
					.optional()
					.orElseThrow(() -> notFound("There is no comment " + parent + " on post " + postId + "."));
			}
			var statement = this.shards.jdbc()
				.sql("SELECT " + COLUMNS + " FROM comment WHERE post_id = :postId AND " + where
						+ " AND NOT (user_id = ANY(:hidden)) ORDER BY comment_id OFFSET :offset LIMIT :limit")
				.param("postId", postId)
				.param("hidden", hidden.toArray(Long[]::new))
				.param("offset", paging.offset())
				.param("limit", paging.fetchSize());
			if (parent != null) {
				statement = statement.param("parent", parent);
			}
			return statement.query(CommentService::map).list();
		});
		Map<Long, String> usernames = this.authors
			.usernames(rows.stream().filter((row) -> row.deleted() == null).map(CommentView::userId).toList());
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
			CommentView comment = find(postId, commentId).filter((found) -> found.deleted() == null)
				.orElseThrow(() -> notFound("There is no comment " + commentId + " on post " + postId + "."));
			if (comment.userId() != viewerId && post.userId() != viewerId) {
				throw ApiException.forbidden("Only the comment's author or the post's owner may delete it.");
			}
			remove(post, comment, now);
		});
		this.cache.evict(postId);
	}

	/**
	 * Deletes a comment a moderator took down, as its author would: replies stay under a
	 * tombstone, the count is corrected, {@code CommentDeleted} goes out. A comment or
	 * post already gone changes nothing.
	 * @return whether the comment was still there
	 */
	public boolean takeDown(long postId, long commentId) {
		int shard = this.shards.shardOf(postId);
		Instant now = this.clock.instant();
		boolean removed = this.shards.write(shard, () -> {
			Optional<Post> post = this.posts.findForShare(postId);
			Optional<CommentView> comment = post.isPresent()
					? find(postId, commentId).filter((found) -> found.deleted() == null) : Optional.empty();
			if (comment.isEmpty()) {
				return false;
			}
			remove(post.get(), comment.get(), now);
			return true;
		});
		if (removed) {
			this.cache.evict(postId);
		}
		return removed;
	}

	/**
	 * Removes a comment (or leaves its tombstone), inside the post's shard transaction.
	 */
	private void remove(Post post, CommentView comment, Instant now) {
		long postId = post.postId();
		long commentId = comment.commentId();
		if (comment.repliesCount() != null && comment.repliesCount() > 0) {
			// Its replies stay readable under a tombstone.
			this.shards.jdbc()
				.sql("UPDATE comment SET deleted = true, text = '' WHERE comment_id = :id")
				.param("id", commentId)
				.update();
		}
		else {
			this.shards.jdbc()
				.sql("DELETE FROM comment WHERE comment_id = :id AND post_id = :postId")
				.param("id", commentId)
				.param("postId", postId)
				.update();
			if (comment.replyTo() != null) {
				// The parent's tombstone goes with its last reply.
				this.shards.jdbc()
					.sql("UPDATE comment SET replies_count = replies_count - 1 WHERE comment_id = :parent")
					.param("parent", comment.replyTo())
					.update();
				this.shards.jdbc()
					.sql("DELETE FROM comment WHERE comment_id = :parent AND deleted AND replies_count <= 0")
					.param("parent", comment.replyTo())
					.update();
			}
		}
		this.posts.addComments(postId, -1);
		this.events
			.publish(new CommentDeleted(commentId, postId, post.userId(), comment.userId(), now, comment.mentions()));
	}

	private Optional<CommentView> find(long postId, long commentId) {
		return this.shards.jdbc()
			.sql("SELECT " + COLUMNS + " FROM comment WHERE comment_id = :id AND post_id = :postId FOR UPDATE")
			.param("id", commentId)
			.param("postId", postId)
			.query(CommentService::map)
			.optional();
	}

	private static ApiException notFound(String detail) {
		return ApiException.notFound(detail);
	}

	private static CommentView map(ResultSet rs, int row) throws SQLException {
		long replyTo = rs.getLong("reply_to");
		boolean reply = !rs.wasNull();
		boolean deleted = rs.getBoolean("deleted");
		return new CommentView(rs.getLong("comment_id"), rs.getLong("post_id"), rs.getLong("user_id"), null,
				deleted ? null : rs.getString("text"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				reply ? replyTo : null, reply ? null : rs.getLong("replies_count"), deleted ? Boolean.TRUE : null,
				deleted ? null : MentionsJson.read(rs.getString("mentions")));
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
	 * @param replyTo the top-level comment a reply belongs to; absent on a top-level one
	 * @param repliesCount replies of a top-level comment; absent on a reply
	 * @param deleted true on a deleted comment shown for its replies (without its text
	 * and author's name); absent otherwise
	 * @param mentions the text's mentions of users, in order (absent on a deleted one)
	 */
	record CommentView(@JsonId long commentId, @JsonId long postId, @JsonId long userId, String username, String text,
			Instant createdAt, @JsonId Long replyTo, Long repliesCount, Boolean deleted,
			@Schema(description = "The comment's mentions of existing users, in order of appearance: the user's ID "
					+ "(a string) and username, and where its @username is in the text, in UTF-16 code units "
					+ "(start at the @, end exclusive). Absent on a deleted comment.") List<Mention> mentions) {

		CommentView named(String name) {
			return new CommentView(this.commentId, this.postId, this.userId, (this.deleted != null) ? null : name,
					this.text, this.createdAt, this.replyTo, this.repliesCount, this.deleted, this.mentions);
		}

	}

}

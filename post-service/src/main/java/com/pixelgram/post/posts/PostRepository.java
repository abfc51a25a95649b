package com.pixelgram.post.posts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.pixelgram.events.Mention;
import com.pixelgram.post.media.MediaKeys;
import com.pixelgram.shard.ShardMap;
import com.pixelgram.shard.Shards;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Post rows. Every method runs inside a {@link Shards} transaction of the post's shard.
 */
@Repository
public class PostRepository {

	private static final String COLUMNS = "post_id, user_id, caption, location, alt_text, media_key, media_type, "
			+ "width, height, upload_status, failure_reason, likes_count, comments_count, created_at, published_at, edited_at, hashtags, "
			+ "mentions, blurhash, photo_count, "
			// The photos after the first, in the same statement (a RETURNING sees what
			// earlier statements of its transaction wrote to post_media).
			+ "CASE WHEN photo_count > 1 THEN (SELECT jsonb_agg(jsonb_build_array(m.media_type, m.width, m.height, "
			+ "m.alt_text, m.blurhash) ORDER BY m.position) FROM post_media m WHERE m.post_id = post.post_id) "
			+ "END AS more_photos";

	private static final String INSERTED_COLUMNS = "post_id, user_id, caption, location, alt_text, media_key, "
			+ "media_type, width, height, upload_status, failure_reason, likes_count, comments_count, created_at, "
			+ "published_at, edited_at, hashtags, mentions, blurhash, photo_count";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Shards shards;

	PostRepository(Shards shards) {
		this.shards = shards;
	}

	public void insert(Post post) {
		jdbc()
			.sql("INSERT INTO post (" + INSERTED_COLUMNS + ") VALUES (:postId, :userId, :caption, :location, :altText, "
					+ ":mediaKey, :mediaType, :width, :height, :status, :failureReason, 0, 0, :createdAt, NULL, NULL, "
					+ ":hashtags, CAST(:mentions AS jsonb), :blurhash, :photoCount)")
			.param("postId", post.postId())
			.param("userId", post.userId())
			.param("caption", post.caption())
			.param("location", post.location())
			.param("altText", post.altText())
			.param("mediaKey", post.mediaKey())
			.param("mediaType", post.mediaType())
			.param("width", post.width())
			.param("height", post.height())
			.param("status", post.uploadStatus().name())
			.param("failureReason", post.failureReason())
			.param("createdAt", timestamp(post.createdAt()))
			.param("hashtags", post.hashtags().toArray(String[]::new))
			.param("mentions", MentionsJson.write(post.mentions()))
			.param("blurhash", post.blurhash())
			.param("photoCount", post.photos().size())
			.update();
		List<Photo> photos = post.photos();
		for (int position = 1; position < photos.size(); position++) {
			Photo photo = photos.get(position);
			jdbc()
				.sql("INSERT INTO post_media (post_id, position, media_type, width, height, alt_text, blurhash) "
						+ "VALUES (:postId, :position, :mediaType, :width, :height, :altText, :blurhash)")
				.param("postId", post.postId())
				.param("position", position)
				.param("mediaType", photo.mediaType())
				.param("width", photo.width())
				.param("height", photo.height())
				.param("altText", photo.altText())
				.param("blurhash", photo.blurhash())
				.update();
		}
	}

	public Optional<Post> find(long postId) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM post WHERE post_id = :id")
			.param("id", postId)
			.query(PostRepository::map)
			.optional();
	}

	/**
	 * Reads the post and keeps it from being deleted until the transaction ends (a like
	 * or comment on it commits before or after a deletion, never beside it).
	 */
	public Optional<Post> findForShare(long postId) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM post WHERE post_id = :id FOR KEY SHARE")
			.param("id", postId)
			.query(PostRepository::map)
			.optional();
	}

	public Optional<Post> findForUpdate(long postId) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM post WHERE post_id = :id FOR UPDATE")
			.param("id", postId)
			.query(PostRepository::map)
			.optional();
	}

	/** An author's posts, newest first; only READY ones unless {@code all}. */
	public List<Post> byAuthor(long userId, boolean all, long offset, int limit) {
		return jdbc()
			.sql("SELECT " + COLUMNS + " FROM post WHERE user_id = :userId"
					+ (all ? "" : " AND upload_status = 'READY'")
					+ " ORDER BY post_id DESC OFFSET :offset LIMIT :limit")
			.param("userId", userId)
			.param("offset", offset)
			.param("limit", limit)
			.query(PostRepository::map)
			.list();
	}

	/** The READY posts among the IDs (of this shard). */
	public List<Post> readyByIds(Collection<Long> ids) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM post WHERE post_id = ANY(:ids) AND upload_status = 'READY'")
			.param("ids", ids.toArray(Long[]::new))
			.query(PostRepository::map)
			.list();
	}

	/**
	 * PROCESSING to READY with each photo's BlurHash, in order; empty when the post is
	 * gone or not PROCESSING any more.
	 */
	public Optional<Post> markReady(long postId, Instant at, List<String> blurhashes) {
		// Before the post row: its RETURNING reads them back.
		setMoreTexts(postId, "blurhash", blurhashes);
		String blurhash = blurhashes.get(0);
		return jdbc()
			.sql("UPDATE post SET upload_status = 'READY', published_at = :at, blurhash = :blurhash "
					+ "WHERE post_id = :id AND upload_status = 'PROCESSING' RETURNING " + COLUMNS)
			.param("id", postId)
			.param("at", timestamp(at))
			.param("blurhash", blurhash)
			.query(PostRepository::map)
			.optional();
	}

	/** PROCESSING to FAILED; false when the post is gone or not PROCESSING any more. */
	public boolean markFailed(long postId, String reason) {
		return jdbc()
			.sql("UPDATE post SET upload_status = 'FAILED', failure_reason = :reason "
					+ "WHERE post_id = :id AND upload_status = 'PROCESSING'")
			.param("id", postId)
			.param("reason", reason)
			.update() == 1;
	}

	/**
	 * Replaces the text of a post and records when; returns the row as it is now.
	 * @param altTexts the alternative text of each photo, in order
	 */
	public Post updateText(long postId, String caption, List<String> hashtags, List<Mention> mentions, String location,
			List<String> altTexts, Instant editedAt) {
		// Before the post row: its RETURNING reads them back.
		setMoreTexts(postId, "alt_text", altTexts);
		String altText = altTexts.get(0);
		return jdbc()
			.sql("UPDATE post SET caption = :caption, hashtags = :hashtags, mentions = CAST(:mentions AS jsonb), "
					+ "location = :location, alt_text = :altText, edited_at = :at, caption_parsed = true "
					+ "WHERE post_id = :id RETURNING " + COLUMNS)
			.param("mentions", MentionsJson.write(mentions))
			.param("hashtags", hashtags.toArray(String[]::new))
			.param("id", postId)
			.param("caption", caption)
			.param("location", location)
			.param("altText", altText)
			.param("at", timestamp(editedAt))
			.query(PostRepository::map)
			.single();
	}

	/** Deletes the post; its likes and comments go with it (ON DELETE CASCADE). */
	public void delete(long postId) {
		jdbc().sql("DELETE FROM post WHERE post_id = :id").param("id", postId).update();
	}

	/** Adds to the like count and returns the new count. */
	public long addLikes(long postId, int delta) {
		return jdbc()
			.sql("UPDATE post SET likes_count = likes_count + :delta WHERE post_id = :id RETURNING likes_count")
			.param("id", postId)
			.param("delta", delta)
			.query(Long.class)
			.single();
	}

	/** Adds to the comment count and returns the new count. */
	public long addComments(long postId, int delta) {
		return jdbc()
			.sql("UPDATE post SET comments_count = comments_count + :delta WHERE post_id = :id "
					+ "RETURNING comments_count")
			.param("id", postId)
			.param("delta", delta)
			.query(Long.class)
			.single();
	}

	/** Which of the posts (of this shard) the user likes. */
	public Set<Long> likedBy(long userId, Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(jdbc().sql("SELECT post_id FROM post_like WHERE user_id = :userId AND post_id = ANY(:ids)")
			.param("userId", userId)
			.param("ids", postIds.toArray(Long[]::new))
			.query(Long.class)
			.list());
	}

	/**
	 * Which of the posts the user likes, the posts grouped by logical shard, in one
	 * statement over the shards' schemas: the shards must all live in the database of the
	 * current transaction.
	 */
	public Set<Long> likedBy(long userId, Map<Integer, List<Long>> postIdsByShard) {
		StringBuilder sql = new StringBuilder();
		Map<String, Object> params = new HashMap<>();
		params.put("userId", userId);
		postIdsByShard.forEach((shard, ids) -> {
			if (!sql.isEmpty()) {
				sql.append(" UNION ALL ");
			}
			// Schema names come from the shard number, never from input.
			sql.append("SELECT post_id FROM ")
				.append(ShardMap.schemaOf(shard))
				.append(".post_like WHERE user_id = :userId AND post_id = ANY(:ids")
				.append(shard)
				.append(')');
			params.put("ids" + shard, ids.toArray(Long[]::new));
		});
		if (sql.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(jdbc().sql(sql.toString()).params(params).query(Long.class).list());
	}

	/** Sets a text column of each photo after the first, from a list of every photo's. */
	private void setMoreTexts(long postId, String column, List<String> values) {
		for (int position = 1; position < values.size(); position++) {
			// The column is one of this class's constants, never input.
			jdbc().sql("UPDATE post_media SET " + column + " = :value WHERE post_id = :id AND position = :position")
				.param("value", values.get(position))
				.param("id", postId)
				.param("position", position)
				.update();
		}
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

	static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Post map(ResultSet rs, int row) throws SQLException {
		return new Post(rs.getLong("post_id"), rs.getLong("user_id"), rs.getString("caption"), rs.getString("location"),
				rs.getString("alt_text"), rs.getString("media_key"), rs.getString("media_type"), rs.getInt("width"),
				rs.getInt("height"), UploadStatus.valueOf(rs.getString("upload_status")),
				rs.getString("failure_reason"), rs.getLong("likes_count"), rs.getLong("comments_count"),
				instant(rs, "created_at"), instant(rs, "published_at"), instant(rs, "edited_at"),
				List.of((String[]) rs.getArray("hashtags").getArray()), MentionsJson.read(rs.getString("mentions")),
				rs.getString("blurhash"), photos(rs));
	}

	/**
	 * Every photo of the row: the first of its own columns, the others from post_media.
	 */
	private static List<Photo> photos(ResultSet rs) throws SQLException {
		String mediaKey = rs.getString("media_key");
		List<Photo> photos = new ArrayList<>(rs.getInt("photo_count"));
		photos.add(new Photo(mediaKey, rs.getString("media_type"), rs.getInt("width"), rs.getInt("height"),
				rs.getString("alt_text"), rs.getString("blurhash")));
		String more = rs.getString("more_photos");
		if (more != null) {
			for (JsonNode photo : JSON.readTree(more)) {
				photos.add(new Photo(MediaKeys.photoKey(mediaKey, photos.size()), photo.get(0).asString(),
						photo.get(1).asInt(), photo.get(2).asInt(), text(photo.get(3)), text(photo.get(4))));
			}
		}
		return photos;
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

}

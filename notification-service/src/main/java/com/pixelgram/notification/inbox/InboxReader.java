package com.pixelgram.notification.inbox;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.pixelgram.notification.NotificationProperties;
import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Component;

/** Reads and marks a recipient's notifications, always in the recipient's own shard. */
@Component
class InboxReader {

	private final Shards shards;

	private final NotificationProperties properties;

	InboxReader(Shards shards, NotificationProperties properties) {
		this.shards = shards;
		this.properties = properties;
	}

	/**
	 * A page of items, newest first, with the newest likers of each like group.
	 */
	List<Row> page(long recipientId, long offset, int limit) {
		return this.shards.read(this.shards.shardOf(recipientId),
				() -> this.shards.jdbc()
					.sql("""
							SELECT n.notification_id, n.type, n.actor_id, n.actor_count, n.post_id, n.comment_text, n.export_id,
							    nullif(coalesce(n.thumbnail_url, s.thumbnail_url), :withheld) AS thumbnail_url,
							    coalesce(n.thumbnail_url = :withheld, false) AS media_withheld, n.created_at, n.read,
							    CASE WHEN n.type = 'LIKE' THEN ARRAY(
							        SELECT l.actor_id FROM post_like l WHERE l.post_id = n.post_id
							        ORDER BY l.liked_at DESC, l.actor_id DESC LIMIT :grouped) END AS likers
							FROM notification n
							LEFT JOIN post_summary s ON s.post_id = n.post_id
							WHERE n.recipient_id = :recipient
							ORDER BY n.notification_id DESC
							LIMIT :limit OFFSET :offset
							""")
					.param("recipient", recipientId)
					.param("withheld", Inbox.MEDIA_WITHHELD)
					.param("grouped", this.properties.groupedActors())
					.param("limit", limit)
					.param("offset", offset)
					.query(InboxReader::row)
					.list());
	}

	long unreadCount(long recipientId) {
		return this.shards.read(this.shards.shardOf(recipientId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM notification WHERE recipient_id = :recipient AND NOT read")
					.param("recipient", recipientId)
					.query(Long.class)
					.single());
	}

	/**
	 * Marks the recipient's notifications read: all, or those up to an ID (the newest one
	 * the client has shown).
	 * @return how many changed and how many are left unread, read in the same transaction
	 * (a replica could lag behind the change)
	 */
	Marked markRead(long recipientId, Long upTo) {
		return this.shards.write(this.shards.shardOf(recipientId), () -> {
			String sql = "UPDATE notification SET read = true WHERE recipient_id = :recipient AND NOT read"
					+ ((upTo != null) ? " AND notification_id <= :upTo" : "");
			var update = this.shards.jdbc().sql(sql).param("recipient", recipientId);
			if (upTo != null) {
				update = update.param("upTo", upTo);
			}
			int marked = update.update();
			long unread = this.shards.jdbc()
				.sql("SELECT count(*) FROM notification WHERE recipient_id = :recipient AND NOT read")
				.param("recipient", recipientId)
				.query(Long.class)
				.single();
			return new Marked(marked, unread);
		});
	}

	/**
	 * The outcome of marking notifications read.
	 *
	 * @param markedRead items this call marked read
	 * @param unreadCount unread items left
	 */
	record Marked(int markedRead, long unreadCount) {

	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		long postId = rs.getLong("post_id");
		Long post = rs.wasNull() ? null : postId;
		List<Long> likers = new ArrayList<>();
		Array array = rs.getArray("likers");
		if (array != null) {
			for (Object liker : (Object[]) array.getArray()) {
				likers.add(((Number) liker).longValue());
			}
		}
		long actor = rs.getLong("actor_id");
		List<Long> actors = likers.isEmpty() ? List.of(actor) : likers;
		long exportId = rs.getLong("export_id");
		Long export = rs.wasNull() ? null : exportId;
		return new Row(rs.getLong("notification_id"), NotificationType.valueOf(rs.getString("type")), actors,
				rs.getInt("actor_count"), post, rs.getString("comment_text"), rs.getString("thumbnail_url"),
				rs.getBoolean("media_withheld"), rs.getTimestamp("created_at").toInstant(), rs.getBoolean("read"),
				export);
	}

	/**
	 * One stored item.
	 *
	 * @param notificationId its ID
	 * @param type its type
	 * @param actorIds the actor, or the newest likers of a group
	 * @param actorCount all likers of a group, 1 otherwise
	 * @param postId the post, or {@code null}
	 * @param commentText the comment, or {@code null}
	 * @param thumbnailUrl the post's thumbnail if known here
	 * @param mediaWithheld whether the recipient may not see the post, so that no
	 * thumbnail is to be looked up for it
	 * @param createdAt when the (newest) action happened
	 * @param read whether the recipient has seen it
	 * @param exportId the data export of an EXPORT_READY, or {@code null}
	 */
	record Row(long notificationId, NotificationType type, List<Long> actorIds, int actorCount, Long postId,
			String commentText, String thumbnailUrl, boolean mediaWithheld, Instant createdAt, boolean read,
			Long exportId) {

	}

}

package com.pixelgram.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static com.pixelgram.notification.inbox.Withdrawals.timestamp;

/**
 * Stores and withdraws notifications, each in its recipient's logical shard. Every write
 * is naturally idempotent (unique keys per subject) and respects withdrawals that arrived
 * first: a create that is not newer than its subject's tombstone adds nothing. Nobody is
 * notified of their own action, nor of the action of someone they muted, blocked or were
 * blocked by.
 */
@Component
public class Inbox {

	/**
	 * The stored {@code thumbnail_url} of a notification whose post its recipient may not
	 * see: unlike {@code NULL} (not known here, looked up when read) it means that no
	 * thumbnail is to be shown at all.
	 */
	static final String MEDIA_WITHHELD = "";

	private final Shards shards;

	private final IdGenerator ids;

	private final JdbcClient jdbc;

	private final Withdrawals withdrawals;

	private final Silences silences;

	private final Map<NotificationType, Counter> created = new EnumMap<>(NotificationType.class);

	Inbox(Shards shards, IdGenerator ids, MeterRegistry meters) {
		this.shards = shards;
		this.ids = ids;
		this.jdbc = shards.jdbc();
		this.withdrawals = new Withdrawals(this.jdbc);
		this.silences = new Silences(this.jdbc, this.withdrawals);
		for (NotificationType type : NotificationType.values()) {
			this.created.put(type,
					Counter.builder("pixelgram.notification.created")
						.description("Notifications stored (a like joining a group counts too)")
						.tag("type", type.name())
						.register(meters));
		}
	}

	/** The logical shard of a recipient's notifications. */
	public int shardOf(long recipientId) {
		return this.shards.shardOf(recipientId);
	}

	/** A like of the author's post: joins (or starts) the post's like group. */
	public Optional<CreatedNotification> like(long postId, long authorId, long actorId, Instant at, Instant createdAt) {
		if (actorId == authorId) {
			return Optional.empty();
		}
		int shard = shardOf(authorId);
		return this.shards.write(shard, () -> {
			this.withdrawals.lock(Withdrawals.post(postId));
			this.withdrawals.lock(Withdrawals.like(postId, actorId));
			if (this.withdrawals.withdrawnAt(Withdrawals.post(postId)).isPresent()
					|| this.withdrawals.withdrawnSince(Withdrawals.like(postId, actorId), at)
					|| recipientDeleted(authorId) || this.silences.silenced(authorId, actorId)) {
				return Optional.empty();
			}
			int liked = this.jdbc
				.sql("INSERT INTO post_like (post_id, actor_id, recipient_id, liked_at) "
						+ "VALUES (:post, :actor, :recipient, :at) ON CONFLICT DO NOTHING")
				.param("post", postId)
				.param("actor", actorId)
				.param("recipient", authorId)
				.param("at", timestamp(at))
				.update();
			if (liked == 0) {
				return Optional.empty();
			}
			long id = this.ids.nextId(shard);
			int count = this.jdbc.sql("""
					INSERT INTO notification (notification_id, recipient_id, type, actor_id, actor_count, post_id,
					    thumbnail_url, source_at, created_at)
					VALUES (:id, :recipient, 'LIKE', :actor, 1, :post,
					    (SELECT thumbnail_url FROM post_summary WHERE post_id = :post), :at, :createdAt)
					ON CONFLICT (recipient_id, post_id) WHERE type = 'LIKE' DO UPDATE SET
					    notification_id = EXCLUDED.notification_id,
					    actor_id = EXCLUDED.actor_id,
					    actor_count = notification.actor_count + 1,
					    thumbnail_url = coalesce(notification.thumbnail_url, EXCLUDED.thumbnail_url),
					    source_at = greatest(notification.source_at, EXCLUDED.source_at),
					    created_at = greatest(notification.created_at, EXCLUDED.created_at),
					    read = false
					RETURNING actor_count
					""")
				.param("id", id)
				.param("recipient", authorId)
				.param("actor", actorId)
				.param("post", postId)
				.param("at", timestamp(at))
				.param("createdAt", timestamp(createdAt))
				.query(Integer.class)
				.single();
			countAfterCommit(NotificationType.LIKE, 1);
			return Optional.of(new CreatedNotification(id, authorId, NotificationType.LIKE, actorId, count, postId,
					null, createdAt));
		});
	}

	/**
	 * An unlike: the liker leaves the group (the group goes when it is empty), unless the
	 * like is newer than the unlike.
	 */
	public void unlike(long postId, long authorId, long actorId, Instant at) {
		if (actorId == authorId) {
			return;
		}
		this.shards.write(shardOf(authorId), () -> {
			this.withdrawals.lock(Withdrawals.post(postId));
			this.withdrawals.lock(Withdrawals.like(postId, actorId));
			this.withdrawals.record(Withdrawals.like(postId, actorId), at);
			int removed = this.jdbc
				.sql("DELETE FROM post_like WHERE post_id = :post AND actor_id = :actor AND liked_at <= :at")
				.param("post", postId)
				.param("actor", actorId)
				.param("at", timestamp(at))
				.update();
			if (removed > 0) {
				this.jdbc
					.sql("UPDATE notification SET actor_count = actor_count - 1 "
							+ "WHERE recipient_id = :recipient AND type = 'LIKE' AND post_id = :post")
					.param("recipient", authorId)
					.param("post", postId)
					.update();
				this.jdbc.sql("DELETE FROM notification "
						+ "WHERE recipient_id = :recipient AND type = 'LIKE' AND post_id = :post AND actor_count <= 0")
					.param("recipient", authorId)
					.param("post", postId)
					.update();
			}
		});
	}

	/** A comment on the author's post. */
	public Optional<CreatedNotification> comment(long commentId, long postId, long authorId, long actorId, String text,
			Instant at, Instant createdAt) {
		if (actorId == authorId) {
			return Optional.empty();
		}
		int shard = shardOf(authorId);
		return this.shards.write(shard, () -> {
			this.withdrawals.lock(Withdrawals.post(postId));
			this.withdrawals.lock(Withdrawals.comment(commentId));
			if (this.withdrawals.withdrawnAt(Withdrawals.post(postId)).isPresent()
					|| this.withdrawals.withdrawnAt(Withdrawals.comment(commentId)).isPresent()
					|| recipientDeleted(authorId) || this.silences.silenced(authorId, actorId)) {
				return Optional.empty();
			}
			long id = this.ids.nextId(shard);
			int inserted = this.jdbc.sql("""
					INSERT INTO notification (notification_id, recipient_id, type, actor_id, post_id, comment_id,
					    comment_text, thumbnail_url, source_at, created_at)
					VALUES (:id, :recipient, 'COMMENT', :actor, :post, :comment, :text,
					    (SELECT thumbnail_url FROM post_summary WHERE post_id = :post), :at, :createdAt)
					ON CONFLICT (comment_id) WHERE type = 'COMMENT' DO NOTHING
					""")
				.param("id", id)
				.param("recipient", authorId)
				.param("actor", actorId)
				.param("post", postId)
				.param("comment", commentId)
				.param("text", text)
				.param("at", timestamp(at))
				.param("createdAt", timestamp(createdAt))
				.update();
			if (inserted == 0) {
				return Optional.empty();
			}
			countAfterCommit(NotificationType.COMMENT, 1);
			return Optional.of(new CreatedNotification(id, authorId, NotificationType.COMMENT, actorId, 1, postId, text,
					createdAt));
		});
	}

	/**
	 * A mention of the recipient in a caption ({@code commentId} null) or a comment; once
	 * per caption or comment. Nothing when the recipient wrote it, or when either of the
	 * two blocked the other or muted them: the recipient's own silences are looked up in
	 * the transaction that stores it (under the pair's lock), the writer's, which live in
	 * the writer's shard, read just before.
	 * <p>
	 * When the recipient may not see the post ({@code mayShowPost} false: a private
	 * account's post and a recipient who does not follow it) the notification is still
	 * made, as who mentioned them is theirs to know, but it keeps nothing of the post: no
	 * text and a thumbnail marked {@link #MEDIA_WITHHELD}, so that reading it fills none
	 * in from the post's summary or from post-service either. The recipient's later
	 * follow, or the author going public, changes only notifications made after it.
	 */
	public Optional<CreatedNotification> mention(long recipientId, long actorId, long postId, Long commentId,
			String commentText, String thumbnailUrl, boolean mayShowPost, Instant at, Instant createdAt) {
		if (recipientId == actorId) {
			return Optional.empty();
		}
		if (this.shards.read(shardOf(actorId), () -> this.silences.silencedReading(actorId, recipientId))) {
			return Optional.empty();
		}
		int shard = shardOf(recipientId);
		return this.shards.write(shard, () -> {
			this.withdrawals.lock(Withdrawals.post(postId));
			if (commentId != null) {
				this.withdrawals.lock(Withdrawals.comment(commentId));
			}
			if (this.withdrawals.withdrawnAt(Withdrawals.post(postId)).isPresent()
					|| (commentId != null && this.withdrawals.withdrawnAt(Withdrawals.comment(commentId)).isPresent())
					|| recipientDeleted(recipientId) || this.silences.silenced(recipientId, actorId)) {
				return Optional.empty();
			}
			long id = this.ids.nextId(shard);
			int inserted = this.jdbc.sql("""
					INSERT INTO notification (notification_id, recipient_id, type, actor_id, post_id, comment_id,
					    comment_text, thumbnail_url, source_at, created_at)
					VALUES (:id, :recipient, 'MENTION', :actor, :post, :comment, :text, :thumbnail, :at, :createdAt)
					ON CONFLICT DO NOTHING
					""")
				.param("id", id)
				.param("recipient", recipientId)
				.param("actor", actorId)
				.param("post", postId)
				.param("comment", commentId)
				.param("text", (commentId != null && mayShowPost) ? commentText : null)
				.param("thumbnail", mayShowPost ? thumbnailUrl : MEDIA_WITHHELD)
				.param("at", timestamp(at))
				.param("createdAt", timestamp(createdAt))
				.update();
			if (inserted == 0) {
				return Optional.empty();
			}
			countAfterCommit(NotificationType.MENTION, 1);
			return Optional.of(new CreatedNotification(id, recipientId, NotificationType.MENTION, actorId, 1, postId,
					(commentId != null && mayShowPost) ? commentText : null, createdAt));
		});
	}

	/**
	 * The recipient's data export is ready: one notification per export, however often
	 * the event arrives.
	 */
	public Optional<CreatedNotification> exportReady(long userId, long exportId, Instant at) {
		int shard = shardOf(userId);
		return this.shards.write(shard, () -> {
			if (recipientDeleted(userId)) {
				return Optional.empty();
			}
			long id = this.ids.nextId(shard);
			int inserted = this.jdbc.sql("""
					INSERT INTO notification (notification_id, recipient_id, type, actor_id, export_id, source_at,
					    created_at)
					VALUES (:id, :recipient, 'EXPORT_READY', :recipient, :export, :at, :at)
					ON CONFLICT DO NOTHING
					""")
				.param("id", id)
				.param("recipient", userId)
				.param("export", exportId)
				.param("at", timestamp(at))
				.update();
			if (inserted == 0) {
				return Optional.empty();
			}
			countAfterCommit(NotificationType.EXPORT_READY, 1);
			return Optional
				.of(new CreatedNotification(id, userId, NotificationType.EXPORT_READY, userId, 1, null, null, at));
		});
	}

	/** A deleted comment: its notification goes, and a late create is ignored. */
	public void uncomment(long commentId, long authorId, Instant at) {
		this.shards.write(shardOf(authorId), () -> {
			this.withdrawals.lock(Withdrawals.comment(commentId));
			this.withdrawals.record(Withdrawals.comment(commentId), at);
			this.jdbc.sql("DELETE FROM notification WHERE type = 'COMMENT' AND comment_id = :comment")
				.param("comment", commentId)
				.update();
		});
	}

	/**
	 * A deleted comment's mention of the recipient: the notification goes, and a late
	 * mention of that comment is ignored (the withdrawal is kept in the recipient's
	 * shard, where the mention would land).
	 */
	public void unmention(long commentId, long recipientId, Instant at) {
		this.shards.write(shardOf(recipientId), () -> {
			this.withdrawals.lock(Withdrawals.comment(commentId));
			this.withdrawals.record(Withdrawals.comment(commentId), at);
			this.jdbc
				.sql("DELETE FROM notification WHERE recipient_id = :recipient AND type = 'MENTION' "
						+ "AND comment_id = :comment")
				.param("recipient", recipientId)
				.param("comment", commentId)
				.update();
		});
	}

	/** A new follower of the followee. */
	public Optional<CreatedNotification> follow(long followeeId, long followerId, Instant at, Instant createdAt) {
		if (followeeId == followerId) {
			return Optional.empty();
		}
		int shard = shardOf(followeeId);
		return this.shards.write(shard, () -> {
			this.withdrawals.lock(Withdrawals.follow(followeeId, followerId));
			if (this.withdrawals.withdrawnSince(Withdrawals.follow(followeeId, followerId), at)
					|| recipientDeleted(followeeId) || this.silences.silenced(followeeId, followerId)) {
				return Optional.empty();
			}
			long id = this.ids.nextId(shard);
			int inserted = this.jdbc
				.sql("INSERT INTO notification (notification_id, recipient_id, type, actor_id, source_at, created_at) "
						+ "VALUES (:id, :recipient, 'FOLLOW', :actor, :at, :createdAt) "
						+ "ON CONFLICT (recipient_id, actor_id) WHERE type = 'FOLLOW' DO NOTHING")
				.param("id", id)
				.param("recipient", followeeId)
				.param("actor", followerId)
				.param("at", timestamp(at))
				.param("createdAt", timestamp(createdAt))
				.update();
			if (inserted == 0) {
				return Optional.empty();
			}
			// The request it answers is settled.
			this.jdbc
				.sql("DELETE FROM notification WHERE recipient_id = :recipient AND type = 'FOLLOW_REQUEST' "
						+ "AND actor_id = :actor")
				.param("recipient", followeeId)
				.param("actor", followerId)
				.update();
			countAfterCommit(NotificationType.FOLLOW, 1);
			return Optional.of(new CreatedNotification(id, followeeId, NotificationType.FOLLOW, followerId, 1, null,
					null, createdAt));
		});
	}

	/**
	 * A request to follow the followee's private account, unless the followee silenced
	 * the requester (a block either way, a mute). A newer request of the same requester
	 * (after a rejection) moves it to the top, unread again; a redelivered one changes
	 * nothing.
	 */
	public Optional<CreatedNotification> followRequest(long followeeId, long requesterId, Instant at,
			Instant createdAt) {
		if (followeeId == requesterId) {
			return Optional.empty();
		}
		int shard = shardOf(followeeId);
		return this.shards.write(shard, () -> {
			if (recipientDeleted(followeeId) || this.silences.silenced(followeeId, requesterId)) {
				return Optional.empty();
			}
			long id = this.ids.nextId(shard);
			int changed = this.jdbc
				.sql("INSERT INTO notification (notification_id, recipient_id, type, actor_id, source_at, created_at) "
						+ "VALUES (:id, :recipient, 'FOLLOW_REQUEST', :actor, :at, :createdAt) "
						+ "ON CONFLICT (recipient_id, actor_id) WHERE type = 'FOLLOW_REQUEST' DO UPDATE "
						+ "SET notification_id = EXCLUDED.notification_id, source_at = EXCLUDED.source_at, "
						+ "created_at = EXCLUDED.created_at, read = false "
						+ "WHERE notification.source_at < EXCLUDED.source_at")
				.param("id", id)
				.param("recipient", followeeId)
				.param("actor", requesterId)
				.param("at", timestamp(at))
				.param("createdAt", timestamp(createdAt))
				.update();
			if (changed == 0) {
				return Optional.empty();
			}
			countAfterCommit(NotificationType.FOLLOW_REQUEST, 1);
			return Optional.of(new CreatedNotification(id, followeeId, NotificationType.FOLLOW_REQUEST, requesterId, 1,
					null, null, createdAt));
		});
	}

	/** An unfollow withdraws the follow notification unless the follow is newer. */
	public void unfollow(long followeeId, long followerId, Instant at) {
		if (followeeId == followerId) {
			return;
		}
		this.shards.write(shardOf(followeeId), () -> {
			this.withdrawals.lock(Withdrawals.follow(followeeId, followerId));
			this.withdrawals.record(Withdrawals.follow(followeeId, followerId), at);
			this.jdbc
				.sql("DELETE FROM notification WHERE recipient_id = :recipient AND type = 'FOLLOW' "
						+ "AND actor_id = :actor AND source_at <= :at")
				.param("recipient", followeeId)
				.param("actor", followerId)
				.param("at", timestamp(at))
				.update();
		});
	}

	/**
	 * A block placed or lifted, in the user's shard: while it stands the actor's activity
	 * notifies the user no more, and placing it takes what the actor already notified out
	 * of the user's list. Idempotent; an older change than the one recorded is ignored.
	 * @param reason {@code 'b'} the user blocked the actor, {@code 'B'} the actor blocked
	 * the user
	 */
	public void blocked(long userId, long actorId, char reason, boolean blocking, Instant at) {
		if (deleted(userId) || deleted(actorId)) {
			// A deleted account's silences went with it; its erasure's unblocks, arriving
			// after, must not bring them back.
			return;
		}
		this.shards.write(shardOf(userId), () -> {
			if (this.silences.record(userId, actorId, reason, blocking, at) && blocking) {
				this.silences.purge(userId, actorId);
			}
		});
	}

	/**
	 * A mute placed or lifted: while it stands the muted actor's activity notifies the
	 * muter no more. What they notified already stays.
	 */
	public void muted(long muterId, long mutedId, boolean muting, Instant at) {
		if (deleted(muterId) || deleted(mutedId)) {
			return;
		}
		this.shards.write(shardOf(muterId), () -> {
			this.silences.record(muterId, mutedId, 'm', muting, at);
		});
	}

	/**
	 * Forgets a deleted account: the notifications to it and its likes' groups, its post
	 * summaries and silences in its shard, and in every shard the notifications it made
	 * (it leaves each like group, which shows the newest remaining liker or goes once
	 * empty, as after a block) and the silences that name it. Withdrawals are kept: they
	 * stop a late event from making a notification again, and the retention sweep removes
	 * them. Idempotent.
	 */
	public void forget(long userId, Instant deletedAt) {
		int own = shardOf(userId);
		for (int shard = 0; shard < this.shards.count(); shard++) {
			boolean isOwn = shard == own;
			this.shards.write(shard, () -> {
				if (isOwn) {
					// Under the lock that a notification for the user takes to check this
					// tombstone: one made at the same moment is deleted below or refused.
					this.withdrawals.lock(Withdrawals.user(userId));
					this.withdrawals.record(Withdrawals.user(userId), deletedAt);
					for (String sql : new String[] { "DELETE FROM notification WHERE recipient_id = :user",
							"DELETE FROM post_like WHERE recipient_id = :user",
							"DELETE FROM post_summary WHERE author_id = :user",
							"DELETE FROM silenced_actor WHERE user_id = :user" }) {
						this.jdbc.sql(sql).param("user", userId).update();
					}
				}
				this.jdbc.sql("DELETE FROM notification WHERE actor_id = :user AND type <> 'LIKE'")
					.param("user", userId)
					.update();
				this.jdbc.sql("""
						WITH removed AS (
						    DELETE FROM post_like WHERE actor_id = :user RETURNING post_id, recipient_id
						)
						UPDATE notification n
						   SET actor_count = n.actor_count - 1,
						       actor_id = coalesce((SELECT l.actor_id FROM post_like l
						                             WHERE l.post_id = n.post_id AND l.actor_id <> :user
						                             ORDER BY l.liked_at DESC LIMIT 1), n.actor_id)
						  FROM removed
						 WHERE n.recipient_id = removed.recipient_id AND n.type = 'LIKE' AND n.post_id = removed.post_id
						""").param("user", userId).update();
				this.jdbc.sql("DELETE FROM notification WHERE type = 'LIKE' AND (actor_id = :user OR actor_count <= 0)")
					.param("user", userId)
					.update();
				this.jdbc.sql("DELETE FROM silenced_actor WHERE actor_id = :user").param("user", userId).update();
			});
		}
	}

	/**
	 * Whether the recipient's account was deleted, asked in the transaction of the
	 * recipient's shard that would make a notification for them: an event that arrives
	 * after the deletion's (a mention, a like, a follow) makes nothing. Under the
	 * account's lock, taken after any other ({@link #forget} takes only this one).
	 */
	private boolean recipientDeleted(long recipientId) {
		this.withdrawals.lock(Withdrawals.user(recipientId));
		return this.withdrawals.withdrawnAt(Withdrawals.user(recipientId)).isPresent();
	}

	/** Whether the account was deleted (within the withdrawals' retention). */
	private boolean deleted(long userId) {
		return this.shards.read(shardOf(userId),
				() -> this.withdrawals.withdrawnAt(Withdrawals.user(userId)).isPresent());
	}

	/**
	 * Remembers a published post in its author's shard (the thumbnail of the likes and
	 * comments it gets), unless it was deleted already.
	 * @return whether the post is still live
	 */
	public boolean published(long postId, long authorId, String thumbnailUrl, Instant at) {
		return this.shards.write(shardOf(authorId), () -> {
			this.withdrawals.lock(Withdrawals.post(postId));
			if (this.withdrawals.withdrawnAt(Withdrawals.post(postId)).isPresent()) {
				return false;
			}
			this.jdbc
				.sql("INSERT INTO post_summary (post_id, author_id, thumbnail_url, published_at) "
						+ "VALUES (:post, :author, :thumbnail, :at) "
						+ "ON CONFLICT (post_id) DO UPDATE SET thumbnail_url = EXCLUDED.thumbnail_url")
				.param("post", postId)
				.param("author", authorId)
				.param("thumbnail", thumbnailUrl)
				.param("at", timestamp(at))
				.update();
			this.jdbc.sql(
					"UPDATE notification SET thumbnail_url = :thumbnail WHERE post_id = :post AND thumbnail_url IS NULL")
				.param("post", postId)
				.param("thumbnail", thumbnailUrl)
				.update();
			return true;
		});
	}

	/**
	 * New-post notifications for recipients who all live in one logical shard, in one
	 * transaction. Recipients that have it already are skipped, so a fanout that is
	 * redone after a crash notifies nobody twice.
	 * @return the notifications this call created
	 */
	public List<CreatedNotification> newPost(int shard, Collection<Long> recipients, long postId, long authorId,
			String thumbnailUrl, Instant at, Instant createdAt) {
		List<Long> targets = new ArrayList<>();
		for (long recipient : new LinkedHashSet<>(recipients)) {
			if (shardOf(recipient) != shard) {
				throw new IllegalArgumentException("recipient " + recipient + " is not in shard " + shard);
			}
			if (recipient != authorId) {
				targets.add(recipient);
			}
		}
		if (targets.isEmpty()) {
			return List.of();
		}
		return this.shards.write(shard, () -> {
			this.withdrawals.lock(Withdrawals.post(postId));
			if (this.withdrawals.withdrawnAt(Withdrawals.post(postId)).isPresent()) {
				return List.of();
			}
			Long[] ids = new Long[targets.size()];
			for (int i = 0; i < ids.length; i++) {
				ids[i] = this.ids.nextId(shard);
			}
			List<CreatedNotification> made = this.jdbc.sql("""
					INSERT INTO notification (notification_id, recipient_id, type, actor_id, post_id, thumbnail_url,
					    source_at, created_at)
					SELECT t.id, t.recipient, 'NEW_POST', :author, :post, :thumbnail, :at, :createdAt
					FROM unnest(CAST(:ids AS bigint[]), CAST(:recipients AS bigint[])) AS t (id, recipient)
					WHERE NOT EXISTS (SELECT 1 FROM silenced_actor s
					                   WHERE s.user_id = t.recipient AND s.actor_id = :author AND s.silenced)
					ON CONFLICT (recipient_id, post_id) WHERE type = 'NEW_POST' DO NOTHING
					RETURNING notification_id, recipient_id
					""")
				.param("author", authorId)
				.param("post", postId)
				.param("thumbnail", thumbnailUrl)
				.param("at", timestamp(at))
				.param("createdAt", timestamp(createdAt))
				.param("ids", ids)
				.param("recipients", targets.toArray(new Long[0]))
				.query((rs, row) -> new CreatedNotification(rs.getLong("notification_id"), rs.getLong("recipient_id"),
						NotificationType.NEW_POST, authorId, 1, postId, null, createdAt))
				.list();
			countAfterCommit(NotificationType.NEW_POST, made.size());
			return made;
		});
	}

	/**
	 * A deleted post: every notification about it goes, in every shard (new-post
	 * notifications went to followers everywhere), and a tombstone in each keeps a late
	 * fanout, like or comment from bringing one back.
	 */
	public void postDeleted(long postId, Instant at) {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			this.shards.write(shard, () -> {
				this.withdrawals.lock(Withdrawals.post(postId));
				this.withdrawals.record(Withdrawals.post(postId), at);
				this.jdbc.sql("DELETE FROM notification WHERE post_id = :post").param("post", postId).update();
				this.jdbc.sql("DELETE FROM post_like WHERE post_id = :post").param("post", postId).update();
				this.jdbc.sql("DELETE FROM post_summary WHERE post_id = :post").param("post", postId).update();
			});
		}
	}

	/** Forgets withdrawals older than the retention, in the shard. */
	public int sweepWithdrawals(int shard, Duration retention) {
		return this.shards.write(shard,
				() -> this.jdbc
					.sql("DELETE FROM withdrawal WHERE recorded_at < now() - make_interval(secs => :seconds)")
					.param("seconds", (double) retention.toSeconds())
					.update());
	}

	private void countAfterCommit(NotificationType type, int amount) {
		if (amount == 0) {
			return;
		}
		Counter counter = this.created.get(type);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			counter.increment(amount);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				counter.increment(amount);
			}
		});
	}

	/** The recipients of a list, grouped by their logical shard. */
	public Map<Integer, List<Long>> byShard(Collection<Long> recipients) {
		Map<Integer, List<Long>> grouped = new TreeMap<>();
		for (long recipient : recipients) {
			grouped.computeIfAbsent(shardOf(recipient), (key) -> new ArrayList<>()).add(recipient);
		}
		return grouped;
	}

}

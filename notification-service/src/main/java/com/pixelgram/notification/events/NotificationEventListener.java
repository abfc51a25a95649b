package com.pixelgram.notification.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.FollowRequested;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserMentioned;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.notification.inbox.CreatedNotification;
import com.pixelgram.notification.inbox.Inbox;
import com.pixelgram.notification.push.Devices;
import com.pixelgram.notification.push.PushDispatcher;
import com.pixelgram.notification.subscription.PostSubscriptions;
import com.pixelgram.outbox.EventProperties;
import com.pixelgram.outbox.IdempotentConsumer;
import com.pixelgram.shard.Shards;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Consumes {@code notification-events}. An event of one recipient is applied once per
 * event ID ({@link IdempotentConsumer}, in the recipient's shard) and its push goes out
 * after the commit. A handler that throws leaves the message on the queue: it comes back
 * after the visibility timeout and lands in the dead-letter queue after
 * {@code pixelgram.events.max-receive-count} tries. Unknown event types are skipped.
 */
@Component
class NotificationEventListener {

	static final String CONSUMER = "notification-service";

	private static final Logger log = LoggerFactory.getLogger(NotificationEventListener.class);

	private final EventCodec codec;

	private final Shards shards;

	private final IdempotentConsumer idempotent;

	private final Inbox inbox;

	private final PostSubscriptions subscriptions;

	private final NewPostFanout fanout;

	private final PushDispatcher push;

	private final Devices devices;

	private final Duration visibilityTimeout;

	NotificationEventListener(EventCodec codec, Shards shards, IdempotentConsumer idempotent, Inbox inbox,
			PostSubscriptions subscriptions, NewPostFanout fanout, PushDispatcher push, Devices devices,
			EventProperties events) {
		this.devices = devices;
		this.codec = codec;
		this.shards = shards;
		this.idempotent = idempotent;
		this.inbox = inbox;
		this.subscriptions = subscriptions;
		this.fanout = fanout;
		this.push = push;
		this.visibilityTimeout = events.visibilityTimeout();
	}

	@SqsListener("${pixelgram.events.queue-prefix:}notification-events")
	void on(String body, Visibility visibility) {
		ReceivedEvent received = this.codec.decode(body);
		if (!received.isKnown()) {
			log.debug("Skipping event {} of unknown type {}", received.eventId(), received.envelope().type());
			return;
		}
		handle(received.eventId(), received.event(), received.envelope().occurredAt(),
				new VisibilityHeartbeat(visibility, this.visibilityTimeout));
	}

	private void handle(UUID eventId, DomainEvent event, Instant occurredAt, Runnable heartbeat) {
		if (event instanceof LikeCreated like) {
			Instant at = at(occurredAt, like.createdAt());
			once(eventId, like.postAuthorId(), () -> this.inbox.like(like.postId(), like.postAuthorId(), like.userId(),
					at, orElse(like.createdAt(), at)));
		}
		else if (event instanceof LikeDeleted unlike) {
			Instant at = at(occurredAt, unlike.deletedAt());
			once(eventId, unlike.postAuthorId(), () -> {
				this.inbox.unlike(unlike.postId(), unlike.postAuthorId(), unlike.userId(), at);
				return Optional.empty();
			});
		}
		else if (event instanceof CommentCreated comment) {
			Instant at = at(occurredAt, comment.createdAt());
			once(eventId, comment.postAuthorId(), () -> this.inbox.comment(comment.commentId(), comment.postId(),
					comment.postAuthorId(), comment.userId(), comment.text(), at, orElse(comment.createdAt(), at)));
		}
		else if (event instanceof CommentDeleted deleted) {
			Instant at = at(occurredAt, deleted.deletedAt());
			Set<Long> mentioned = new LinkedHashSet<>();
			deleted.mentions().forEach((mention) -> mentioned.add(mention.userId()));
			mentioned.remove(deleted.userId());
			if (mentioned.isEmpty()) {
				once(eventId, deleted.postAuthorId(), () -> {
					this.inbox.uncomment(deleted.commentId(), deleted.postAuthorId(), at);
					return Optional.empty();
				});
			}
			else {
				// The mentions' notifications live in their recipients' shards.
				spanningShards(eventId, deleted.postAuthorId(), () -> {
					this.inbox.uncomment(deleted.commentId(), deleted.postAuthorId(), at);
					mentioned.forEach((recipient) -> this.inbox.unmention(deleted.commentId(), recipient, at));
				});
			}
		}
		else if (event instanceof UserMentioned mention) {
			Instant at = at(occurredAt, mention.createdAt());
			once(eventId, mention.mentionedUserId(),
					() -> this.inbox.mention(mention.mentionedUserId(), mention.actorId(), mention.postId(),
							mention.commentId(), mention.text(), mention.thumbnailUrl(), mention.mayShowPost(), at,
							orElse(mention.createdAt(), at)));
		}
		else if (event instanceof DataExportReady ready) {
			Instant at = at(occurredAt, ready.completedAt());
			once(eventId, ready.userId(), () -> this.inbox.exportReady(ready.userId(), ready.exportId(), at));
		}
		else if (event instanceof FollowCreated follow) {
			Instant at = at(occurredAt, follow.createdAt());
			once(eventId, follow.followeeId(), () -> this.inbox.follow(follow.followeeId(), follow.followerId(), at,
					orElse(follow.createdAt(), at)));
		}
		else if (event instanceof FollowRequested request) {
			Instant at = at(occurredAt, request.requestedAt());
			once(eventId, request.followeeId(), () -> this.inbox.followRequest(request.followeeId(),
					request.requesterId(), at, orElse(request.requestedAt(), at)));
		}
		else if (event instanceof FollowDeleted unfollow) {
			Instant at = at(occurredAt, unfollow.deletedAt());
			// Post notifications follow the follow. Outside the recorded handling: it may
			// ask user-service, which must not hold a shard transaction open, and it is
			// idempotent by itself.
			this.subscriptions.unfollowed(unfollow.followeeId(), unfollow.followerId());
			once(eventId, unfollow.followeeId(), () -> {
				this.inbox.unfollow(unfollow.followeeId(), unfollow.followerId(), at);
				return Optional.empty();
			});
		}
		else if (event instanceof UserBlocked block) {
			this.inbox.blocked(block.blockerId(), block.blockedId(), 'b', true, block.blockedAt());
			this.inbox.blocked(block.blockedId(), block.blockerId(), 'B', true, block.blockedAt());
		}
		else if (event instanceof UserUnblocked unblock) {
			this.inbox.blocked(unblock.blockerId(), unblock.blockedId(), 'b', false, unblock.unblockedAt());
			this.inbox.blocked(unblock.blockedId(), unblock.blockerId(), 'B', false, unblock.unblockedAt());
		}
		else if (event instanceof UserMuted mute) {
			this.inbox.muted(mute.muterId(), mute.mutedId(), true, mute.mutedAt());
		}
		else if (event instanceof UserUnmuted unmute) {
			this.inbox.muted(unmute.muterId(), unmute.mutedId(), false, unmute.unmutedAt());
		}
		else if (event instanceof PostPublished published) {
			spanningShards(eventId, published.authorId(),
					() -> this.fanout.fanout(published, at(occurredAt, published.createdAt()), heartbeat));
		}
		else if (event instanceof UserDeleted deleted) {
			// Each step is idempotent by itself: a redelivery does it again harmlessly.
			this.inbox.forget(deleted.userId(), at(occurredAt, deleted.deletedAt()));
			this.subscriptions.forget(deleted.userId());
			this.devices.forget(deleted.userId());
		}
		else if (event instanceof PostDeleted deleted) {
			spanningShards(eventId, deleted.authorId(),
					() -> this.inbox.postDeleted(deleted.postId(), at(occurredAt, deleted.deletedAt())));
		}
	}

	/**
	 * Runs a handler that writes to many shards, each write naturally idempotent; its
	 * completion is recorded in the author's shard so that a redelivery after it is
	 * skipped, while one after a crash halfway redoes it.
	 */
	private void spanningShards(UUID eventId, long authorId, Runnable handler) {
		int shard = this.inbox.shardOf(authorId);
		if (alreadyProcessed(eventId, shard)) {
			return;
		}
		handler.run();
		this.idempotent.runOnce(CONSUMER, eventId, shard, () -> {
		});
	}

	/**
	 * Runs a one-recipient handler once per event in the recipient's shard; pushes what
	 * it created once that transaction has committed.
	 */
	private void once(UUID eventId, long recipientId, Supplier<Optional<CreatedNotification>> handler) {
		List<CreatedNotification> created = new ArrayList<>(1);
		this.idempotent.runOnce(CONSUMER, eventId, this.inbox.shardOf(recipientId),
				() -> handler.get().ifPresent(created::add));
		this.push.dispatch(created);
	}

	/**
	 * The time the ordering of creates and withdrawals is judged by: the envelope's
	 * {@code occurred_at} (the commit on the publisher's side), else the payload's own.
	 */
	private boolean alreadyProcessed(UUID eventId, int shard) {
		return this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT EXISTS (SELECT 1 FROM processed_event WHERE consumer = :consumer AND event_id = :id)")
					.param("consumer", CONSUMER)
					.param("id", eventId)
					.query(Boolean.class)
					.single());
	}

	private static Instant at(Instant occurredAt, Instant payloadTime) {
		if (occurredAt != null) {
			return occurredAt;
		}
		return (payloadTime != null) ? payloadTime : Instant.now();
	}

	private static Instant orElse(Instant value, Instant fallback) {
		return (value != null) ? value : fallback;
	}

}

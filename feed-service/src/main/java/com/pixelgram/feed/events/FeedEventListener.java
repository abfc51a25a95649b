package com.pixelgram.feed.events;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.LikeCreated;
import com.pixelgram.events.LikeDeleted;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostEdited;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserRegistered;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.events.UserMuted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.events.UserUpdated;
import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisFailures;
import com.pixelgram.feed.cache.AuthorCache;
import com.pixelgram.feed.cache.LikedPosts;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.fanout.PostFanout;
import com.pixelgram.feed.fanout.PostRemoval;
import com.pixelgram.feed.graph.DeletedUsers;
import com.pixelgram.feed.graph.FollowChanges;
import com.pixelgram.feed.graph.FollowerCounts;
import com.pixelgram.feed.graph.HiddenAuthors;
import com.pixelgram.feed.ranking.AffinityStore;
import com.pixelgram.outbox.EventProperties;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Consumes the feed's queue. A message is acknowledged only when its handler finished: an
 * exception leaves it to come back after the visibility timeout (resuming a fanout from
 * its checkpoint) and, after {@code max-receive-count} tries, to go to the dead-letter
 * queue. Unknown event types are acknowledged and ignored.
 */
@Component
class FeedEventListener {

	private static final Logger log = LoggerFactory.getLogger(FeedEventListener.class);

	private final EventCodec codec;

	private final PostFanout fanout;

	private final PostRemoval removal;

	private final FollowChanges follows;

	private final FollowerCounts counts;

	private final AuthorCache authors;

	private final PostCache posts;

	private final AffinityStore affinity;

	private final LikedPosts likes;

	/** How long an event with non-idempotent effects (counts, affinity) is remembered. */
	private final Duration remember;

	private final HiddenAuthors hidden;

	private final DeletedUsers deletedUsers;

	private final RedisOutageGate outage;

	private final int redisDownRetrySeconds;

	private final int redisBusyRetrySeconds;

	private final int visibilitySeconds;

	FeedEventListener(EventCodec codec, PostFanout fanout, PostRemoval removal, FollowChanges follows,
			FollowerCounts counts, AuthorCache authors, PostCache posts, AffinityStore affinity, LikedPosts likes,
			HiddenAuthors hidden, DeletedUsers deletedUsers, RedisOutageGate outage, FeedProperties properties,
			EventProperties events) {
		this.hidden = hidden;
		this.deletedUsers = deletedUsers;
		this.codec = codec;
		this.fanout = fanout;
		this.removal = removal;
		this.follows = follows;
		this.counts = counts;
		this.authors = authors;
		this.posts = posts;
		this.affinity = affinity;
		this.likes = likes;
		this.remember = properties.fanout().dedupeTtl();
		this.outage = outage;
		this.redisDownRetrySeconds = (int) Math.min(Visibility.MAX_VISIBILITY_TIMEOUT_SECONDS,
				properties.fanout().redisDownRetry().toSeconds());
		this.redisBusyRetrySeconds = (int) Math.min(Visibility.MAX_VISIBILITY_TIMEOUT_SECONDS,
				Math.max(1, properties.fanout().redisBusyRetry().toSeconds()));
		this.visibilitySeconds = (int) Math.max(1, events.visibilityTimeout().toSeconds());
	}

	@SqsListener(value = "${pixelgram.events.queue-prefix:}feed-events", id = RedisOutageGate.LISTENER_ID)
	void on(String body, Visibility visibility) {
		ReceivedEvent received = this.codec.decode(body);
		if (!received.isKnown()) {
			log.debug("Ignoring event of unknown type {}", received.envelope().type());
			return;
		}
		try {
			// A long walk keeps the event hidden while it makes progress; if the process
			// dies, the event comes back one visibility timeout later and resumes. The
			// claim is renewed once a third of it has passed, not after every page: each
			// renewal is an SQS call, and they were a quarter of a fanout's CPU.
			long renewEveryNanos = TimeUnit.SECONDS.toNanos(this.visibilitySeconds) / 3;
			long[] renewedAt = { System.nanoTime() };
			handle(received, () -> {
				long now = System.nanoTime();
				if (now - renewedAt[0] >= renewEveryNanos) {
					renewedAt[0] = now;
					extend(visibility, received);
				}
			});
		}
		catch (DataAccessException ex) {
			if (RedisFailures.isTimeout(ex)) {
				// Redis is busy, not gone: try again soon (a walk resumes from its
				// checkpoint) rather than wait out an outage's delay. Should it not
				// answer a ping either, it hangs: the gate pauses the listener.
				log.warn("Redis too slow, retrying event {} in {} s: {}", received.eventId(),
						this.redisBusyRetrySeconds, RedisFailures.describe(ex));
				visibility.changeToAsync(this.redisBusyRetrySeconds);
				this.outage.redisTimedOut();
			}
			else {
				// Redis is down: come back later rather than burn the tries that lead to
				// the dead-letter queue.
				log.warn("Redis unavailable, retrying event {} in {} s: {}", received.eventId(),
						this.redisDownRetrySeconds, RedisFailures.describe(ex));
				visibility.changeToAsync(this.redisDownRetrySeconds);
				this.outage.redisUnreachable();
			}
			throw ex;
		}
	}

	private void extend(Visibility visibility, ReceivedEvent received) {
		visibility.changeToAsync(this.visibilitySeconds).whenComplete((done, failure) -> {
			if (failure != null) {
				// The claim lapsed (a page took longer than the visibility timeout):
				// another consumer may walk the same followers too. Harmless, since feed
				// writes are idempotent, but worth a longer visibility timeout.
				log.warn("Could not extend the claim on event {}: {}", received.eventId(), failure.getMessage());
			}
		});
	}

	private void handle(ReceivedEvent received, Runnable heartbeat) {
		DomainEvent event = received.event();
		if (event instanceof PostPublished published) {
			this.fanout.publish(published, received.envelope().occurredAt(), heartbeat);
		}
		else if (event instanceof PostEdited edited) {
			this.posts.edit(edited);
		}
		else if (event instanceof PostDeleted deleted) {
			this.removal.remove(deleted, heartbeat);
		}
		else if (event instanceof FollowCreated follow) {
			this.counts.record(follow.followeeId(), follow.followeeFollowersCount());
			this.follows.followed(follow.followerId(), follow.followeeId(), follow.createdAt());
		}
		else if (event instanceof FollowDeleted unfollow) {
			this.follows.unfollowed(unfollow.followerId(), unfollow.followeeId(), unfollow.deletedAt());
		}
		else if (event instanceof UserUpdated updated) {
			this.counts.record(updated.userId(), updated.followersCount());
			this.authors.evict(updated.userId());
		}
		else if (event instanceof UserRegistered registered) {
			this.counts.record(registered.userId(), 0);
		}
		else if (event instanceof LikeCreated like) {
			if (!this.deletedUsers.isDeleted(like.userId())) {
				this.likes.record(like.userId(), like.postId(), true, like.createdAt());
				this.affinity.liked(received.eventId(), like.userId(), like.postAuthorId(), true, this.remember);
			}
			this.posts.adjustOnce(received.eventId(), like.postId(), PostCache.LIKES, 1, this.remember);
		}
		else if (event instanceof LikeDeleted unlike) {
			// A deleted account's likes are taken back after its keys went: only the
			// post's count moves.
			if (!this.deletedUsers.isDeleted(unlike.userId())) {
				this.likes.record(unlike.userId(), unlike.postId(), false, unlike.deletedAt());
				this.affinity.liked(received.eventId(), unlike.userId(), unlike.postAuthorId(), false, this.remember);
			}
			this.posts.adjustOnce(received.eventId(), unlike.postId(), PostCache.LIKES, -1, this.remember);
		}
		else if (event instanceof CommentCreated comment) {
			if (!this.deletedUsers.isDeleted(comment.userId())) {
				this.affinity.commented(received.eventId(), comment.userId(), comment.postAuthorId(), true,
						this.remember);
			}
			this.posts.adjustOnce(received.eventId(), comment.postId(), PostCache.COMMENTS, 1, this.remember);
		}
		else if (event instanceof UserDeleted deleted) {
			this.deletedUsers.deleted(deleted.userId());
		}
		else if (event instanceof UserSuspended suspended) {
			this.hidden.suspended(suspended.userId(), true, suspended.suspendedAt());
		}
		else if (event instanceof UserReinstated reinstated) {
			this.hidden.suspended(reinstated.userId(), false, reinstated.reinstatedAt());
		}
		else if (event instanceof UserBlocked block) {
			this.hidden.blocked(block.blockerId(), block.blockedId(), true, block.blockedAt());
		}
		else if (event instanceof UserUnblocked unblock) {
			this.hidden.blocked(unblock.blockerId(), unblock.blockedId(), false, unblock.unblockedAt());
		}
		else if (event instanceof UserMuted mute) {
			this.hidden.muted(mute.muterId(), mute.mutedId(), true, mute.mutedAt());
		}
		else if (event instanceof UserUnmuted unmute) {
			this.hidden.muted(unmute.muterId(), unmute.mutedId(), false, unmute.unmutedAt());
		}
		else if (event instanceof CommentDeleted uncomment) {
			if (!this.deletedUsers.isDeleted(uncomment.userId())) {
				this.affinity.commented(received.eventId(), uncomment.userId(), uncomment.postAuthorId(), false,
						this.remember);
			}
			this.posts.adjustOnce(received.eventId(), uncomment.postId(), PostCache.COMMENTS, -1, this.remember);
		}
	}

}

package com.pixelgram.post.audience;

import java.time.Instant;

import com.pixelgram.events.AccountPrivacyChanged;
import com.pixelgram.events.CommentTakenDown;
import com.pixelgram.events.DataExportRequested;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.FollowCreated;
import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.PostTakenDown;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserBlocked;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.post.export.DataExports;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Consumes {@code post-events} (user-service's blocks, follows, privacy changes,
 * suspensions and deleted accounts, whose erasure is {@link AccountErasure}'s, the
 * moderators' take-downs, which are {@link ModeratorActions}', and data-export requests,
 * which {@link DataExports} builds: one listener per queue, else each would take the
 * other's messages). A message is acknowledged once recorded: an exception leaves it to
 * come back after the visibility timeout and, after
 * {@code pixelgram.events.max-receive-count} tries, to go to the dead-letter queue. Other
 * event types are acknowledged and ignored.
 */
@Component
class AudienceEventListener {

	private static final Logger log = LoggerFactory.getLogger(AudienceEventListener.class);

	private final EventCodec codec;

	private final Audience audience;

	private final AccountErasure erasure;

	private final ModeratorActions moderation;

	private final DataExports exports;

	AudienceEventListener(EventCodec codec, Audience audience, AccountErasure erasure, ModeratorActions moderation,
			DataExports exports) {
		this.codec = codec;
		this.audience = audience;
		this.erasure = erasure;
		this.moderation = moderation;
		this.exports = exports;
	}

	@SqsListener("${pixelgram.events.queue-prefix:}post-events")
	void on(String body) {
		ReceivedEvent received = this.codec.decode(body);
		if (received.event() instanceof UserBlocked block) {
			if (!eitherErased(block.blockerId(), block.blockedId())) {
				this.audience.blocked(block.blockerId(), block.blockedId(), true, block.blockedAt());
			}
		}
		else if (received.event() instanceof UserUnblocked unblock) {
			if (!eitherErased(unblock.blockerId(), unblock.blockedId())) {
				this.audience.blocked(unblock.blockerId(), unblock.blockedId(), false, unblock.unblockedAt());
			}
		}
		else if (received.event() instanceof AccountPrivacyChanged change) {
			this.audience.privacy(change.userId(), change.isPrivate(), change.changedAt());
		}
		else if (received.event() instanceof FollowCreated follow) {
			followed(follow.followerId(), follow.followeeId(), true, follow.createdAt());
		}
		else if (received.event() instanceof FollowDeleted unfollow) {
			followed(unfollow.followerId(), unfollow.followeeId(), false, unfollow.deletedAt());
		}
		else if (received.event() instanceof UserDeleted deleted) {
			this.erasure.erase(deleted.userId(), deleted.deletedAt());
		}
		else if (received.event() instanceof UserSuspended suspended) {
			this.audience.suspension(suspended.userId(), true, suspended.suspendedAt());
		}
		else if (received.event() instanceof UserReinstated reinstated) {
			this.audience.suspension(reinstated.userId(), false, reinstated.reinstatedAt());
		}
		else if (received.event() instanceof PostTakenDown takenDown) {
			this.moderation.takeDownPost(takenDown.postId());
		}
		else if (received.event() instanceof CommentTakenDown takenDown) {
			this.moderation.takeDownComment(takenDown.postId(), takenDown.commentId());
		}
		else if (received.event() instanceof DataExportRequested request) {
			this.exports.requested(request);
		}
		else {
			log.debug("Ignoring event {} of type {}", received.eventId(), received.envelope().type());
		}
	}

	private void followed(long followerId, long authorId, boolean following, Instant at) {
		if (!eitherErased(followerId, authorId)) {
			this.audience.followed(followerId, authorId, following, at);
		}
	}

	/**
	 * Whether either user is a deleted account: its erasure ends each of its follows and
	 * blocks after {@code UserDeleted}, and those events must not write back copies that
	 * name it.
	 */
	private boolean eitherErased(long userId, long otherId) {
		return this.erasure.isErased(userId) || this.erasure.isErased(otherId);
	}

}

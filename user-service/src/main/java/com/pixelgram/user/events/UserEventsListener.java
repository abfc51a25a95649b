package com.pixelgram.user.events;

import java.time.Instant;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.CommentDeleted;
import com.pixelgram.events.DataExportFailed;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostDeleted;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.ReceivedEvent;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.user.export.DataExports;
import com.pixelgram.user.post.PostCounts;
import com.pixelgram.user.post.PostOwners;
import com.pixelgram.user.token.RevocationEvents;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Consumes {@code user-events}: post-service's PostPublished and PostDeleted, to keep
 * each author's post count, its CommentCreated and CommentDeleted, to know whose each
 * comment is ({@link PostOwners}), the outcome of data exports, which {@link DataExports}
 * records, and its own UserSuspended, UserReinstated and UserDeleted, whose entries for
 * the gateways {@link RevocationEvents} writes again (one listener per queue, else each
 * would take the other's messages). A message is acknowledged once its transaction
 * committed: an exception leaves it to come back after the visibility timeout and, after
 * {@code pixelgram.events.max-receive-count} tries, to go to the dead-letter queue. Other
 * event types, known or not, are acknowledged and ignored.
 */
@Component
class UserEventsListener {

	private static final Logger log = LoggerFactory.getLogger(UserEventsListener.class);

	private final EventCodec codec;

	private final PostCounts counts;

	private final PostOwners owners;

	private final DataExports exports;

	private final RevocationEvents revocations;

	UserEventsListener(EventCodec codec, PostCounts counts, PostOwners owners, DataExports exports,
			RevocationEvents revocations) {
		this.codec = codec;
		this.counts = counts;
		this.owners = owners;
		this.exports = exports;
		this.revocations = revocations;
	}

	@SqsListener("${pixelgram.events.queue-prefix:}user-events")
	void on(String body) {
		ReceivedEvent received = this.codec.decode(body);
		Instant occurredAt = received.envelope().occurredAt();
		if (received.event() instanceof PostPublished published) {
			this.counts.published(published.postId(), published.authorId(), at(published.createdAt(), occurredAt));
		}
		else if (received.event() instanceof PostDeleted deleted) {
			this.counts.deleted(deleted.postId(), deleted.authorId(), at(deleted.deletedAt(), occurredAt));
		}
		else if (received.event() instanceof CommentCreated comment) {
			this.owners.commented(comment.commentId(), comment.postId(), comment.userId(),
					at(comment.createdAt(), occurredAt));
		}
		else if (received.event() instanceof CommentDeleted deleted) {
			this.owners.uncommented(deleted.commentId(), deleted.postId(), deleted.userId());
		}
		else if (received.event() instanceof DataExportReady ready) {
			this.exports.ready(ready);
		}
		else if (received.event() instanceof DataExportFailed failed) {
			this.exports.failed(failed);
		}
		else if (received.event() instanceof UserSuspended suspended) {
			this.revocations.suspended(suspended.userId());
		}
		else if (received.event() instanceof UserReinstated reinstated) {
			this.revocations.reinstated(reinstated.userId());
		}
		else if (received.event() instanceof UserDeleted deleted) {
			this.revocations.deleted(deleted.userId(), at(deleted.deletedAt(), occurredAt));
		}
		else {
			log.debug("Ignoring event {} of type {}", received.eventId(), received.envelope().type());
		}
	}

	private static Instant at(Instant payloadTime, Instant occurredAt) {
		if (payloadTime != null) {
			return payloadTime;
		}
		return (occurredAt != null) ? occurredAt : Instant.now();
	}

}

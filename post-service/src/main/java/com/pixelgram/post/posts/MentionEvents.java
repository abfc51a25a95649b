package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import com.pixelgram.events.Mention;
import com.pixelgram.events.UserMentioned;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.media.MediaKeys;

import org.springframework.stereotype.Component;

/**
 * The {@code UserMentioned} events of a text, published in the current shard transaction
 * (the outbox): one per user it newly mentions, none for the writer.
 */
@Component
public class MentionEvents {

	private final EventPublisher events;

	private final MediaKeys keys;

	MentionEvents(EventPublisher events, MediaKeys keys) {
		this.events = events;
		this.keys = keys;
	}

	/**
	 * The caption's mentions of a READY post, but those of users notified already (by the
	 * caption before an edit).
	 */
	public void caption(Post post, Collection<Long> notifiedAlready, Instant at) {
		publish(post, null, post.userId(), post.caption(), post.mentions(), notifiedAlready, at);
	}

	/** A new comment's mentions. */
	public void comment(Post post, long commentId, long writerId, String text, List<Mention> mentions, Instant at) {
		publish(post, commentId, writerId, text, mentions, List.of(), at);
	}

	private void publish(Post post, Long commentId, long writerId, String text, List<Mention> mentions,
			Collection<Long> notifiedAlready, Instant at) {
		for (long userId : Mentions.users(mentions)) {
			if (userId != writerId && !notifiedAlready.contains(userId)) {
				this.events.publish(new UserMentioned(userId, writerId, post.postId(), post.userId(), commentId, text,
						this.keys.thumbnailUrl(post.mediaKey()), at));
			}
		}
	}

}

package com.pixelgram.post.posts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.pixelgram.events.Mention;
import com.pixelgram.events.UserMentioned;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.post.audience.Audience;
import com.pixelgram.post.media.MediaKeys;

import org.springframework.stereotype.Component;

/**
 * The {@code UserMentioned} events of a text, published in the current shard transaction
 * (the outbox): one per user it newly mentions, none for the writer. A user who may not
 * see the post (a private author's non-follower) is still told who mentioned them, but
 * their event carries neither the text nor the thumbnail: the post's privacy is known
 * here, in the author's shard the transaction runs in, and nowhere near the notification.
 */
@Component
public class MentionEvents {

	private final EventPublisher events;

	private final MediaKeys keys;

	private final Audience audience;

	MentionEvents(EventPublisher events, MediaKeys keys, Audience audience) {
		this.events = events;
		this.keys = keys;
		this.audience = audience;
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
		List<Long> recipients = new ArrayList<>();
		for (long userId : Mentions.users(mentions)) {
			if (userId != writerId && !notifiedAlready.contains(userId)) {
				recipients.add(userId);
			}
		}
		Set<Long> seeing = this.audience.whoMaySee(post.userId(), recipients);
		String thumbnailUrl = this.keys.thumbnailUrl(post.mediaKey());
		for (long userId : recipients) {
			boolean visible = seeing.contains(userId);
			this.events.publish(new UserMentioned(userId, writerId, post.postId(), post.userId(), commentId,
					visible ? text : null, visible ? thumbnailUrl : null, at, visible));
		}
	}

}

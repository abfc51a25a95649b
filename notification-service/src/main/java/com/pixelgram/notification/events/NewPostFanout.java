package com.pixelgram.notification.events;

import java.time.Instant;
import java.util.List;

import com.pixelgram.events.PostPublished;
import com.pixelgram.notification.NotificationProperties;
import com.pixelgram.notification.clients.IdPage;
import com.pixelgram.notification.clients.UserProfile;
import com.pixelgram.notification.clients.UserServiceClient;
import com.pixelgram.notification.inbox.Inbox;
import com.pixelgram.notification.push.PushDispatcher;
import com.pixelgram.notification.subscription.PostSubscriptions;

import org.springframework.stereotype.Component;

/**
 * New-post notifications: to every follower of an author below the celebrity threshold
 * (paged from user-service), to the followers who opted in for a celebrity (paged from
 * the author's shard; {@link PostSubscriptions} keeps them followers, refusing others and
 * ending a subscription with its follow, so no subscriber is checked here). Each page is
 * written as one transaction per recipient shard; a fanout that dies halfway is redone
 * when the event comes back, and the unique key (recipient, post) skips those who have it
 * already.
 */
@Component
class NewPostFanout {

	private final Inbox inbox;

	private final UserServiceClient users;

	private final PostSubscriptions subscriptions;

	private final PushDispatcher push;

	private final NotificationProperties properties;

	NewPostFanout(Inbox inbox, UserServiceClient users, PostSubscriptions subscriptions, PushDispatcher push,
			NotificationProperties properties) {
		this.inbox = inbox;
		this.users = users;
		this.subscriptions = subscriptions;
		this.push = push;
		this.properties = properties;
	}

	/**
	 * @param heartbeat called between pages, to keep the event's message hidden while the
	 * fanout runs
	 */
	void fanout(PostPublished post, Instant at, Runnable heartbeat) {
		if (!this.inbox.published(post.postId(), post.authorId(), post.thumbnailUrl(), at)) {
			return;
		}
		long followers = this.users.profile(post.authorId()).map(UserProfile::followersCount).orElse(0L);
		Instant createdAt = (post.createdAt() != null) ? post.createdAt() : at;
		int pageSize = this.properties.fanoutPageSize();
		if (followers < this.properties.celebrityThreshold()) {
			Long after = null;
			do {
				IdPage page = this.users.followers(post.authorId(), after, pageSize);
				deliver(page.ids(), post, at, createdAt);
				heartbeat.run();
				after = page.nextAfter();
			}
			while (after != null);
		}
		else {
			Long after = null;
			List<Long> page;
			do {
				page = this.subscriptions.subscribers(post.authorId(), after, pageSize);
				deliver(page, post, at, createdAt);
				heartbeat.run();
				after = page.isEmpty() ? null : page.get(page.size() - 1);
			}
			while (page.size() == pageSize);
		}
	}

	private void deliver(List<Long> recipients, PostPublished post, Instant at, Instant createdAt) {
		this.inbox.byShard(recipients)
			.forEach((shard, inShard) -> this.push.dispatch(this.inbox.newPost(shard, inShard, post.postId(),
					post.authorId(), post.thumbnailUrl(), at, createdAt)));
	}

}

package com.pixelgram.feed.fanout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.cache.Tombstones;
import com.pixelgram.feed.graph.DeletedUsers;
import com.pixelgram.feed.graph.FollowerCounts;
import com.pixelgram.feed.store.AuthorPosts;
import com.pixelgram.feed.store.FeedStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Fanout on write of a new post: into the post cache (the event carries the whole post,
 * so that no read asks post-service for it), the author's recent posts and own feed,
 * then, for an author below the celebrity threshold, into the feed of every active
 * follower: a page of followers per pipeline of scripts that check each follower's
 * activity and write their feed. A celebrity's post is only recorded: readers pull it.
 */
@Component
public class PostFanout {

	private final Tombstones tombstones;

	private final PostCache postCache;

	private final AuthorPosts authorPosts;

	private final FeedStore feeds;

	private final FollowerCounts counts;

	private final FollowerWalk walk;

	private final RedisKeys keys;

	private final FanoutStages stages;

	private final DistributionSummary fanoutSize;

	private final Timer fanoutLag;

	private final Clock clock = Clock.systemUTC();

	private final DeletedUsers deletedUsers;

	PostFanout(Tombstones tombstones, PostCache postCache, AuthorPosts authorPosts, FeedStore feeds,
			FollowerCounts counts, FollowerWalk walk, RedisKeys keys, FanoutStages stages, MeterRegistry meters,
			DeletedUsers deletedUsers) {
		this.deletedUsers = deletedUsers;
		this.tombstones = tombstones;
		this.postCache = postCache;
		this.authorPosts = authorPosts;
		this.feeds = feeds;
		this.counts = counts;
		this.walk = walk;
		this.keys = keys;
		this.stages = stages;
		this.fanoutSize = DistributionSummary.builder("pixelgram.feed.fanout.size")
			.description("Follower feeds a post was written to")
			.baseUnit("feeds")
			.publishPercentileHistogram()
			.register(meters);
		this.fanoutLag = Timer.builder("pixelgram.feed.fanout.lag")
			.description("From a post's publication to the end of its fanout")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Fans the post out; safe to call again with the same event (resumes an unfinished
	 * walk, rewrites nothing twice).
	 * @param occurredAt when the post was published, for the lag metric
	 * @param heartbeat called as pages of followers are done (a long fanout renews its
	 * claim on the event)
	 */
	public void publish(PostPublished post, Instant occurredAt, Runnable heartbeat) {
		long postId = post.postId();
		long authorId = post.authorId();
		if (this.tombstones.isDeleted(postId)) {
			// Deleted before its (late or redelivered) publish was handled.
			return;
		}
		if (this.deletedUsers.isDeleted(authorId)) {
			// Its author's account was deleted since: post-service deletes the post.
			return;
		}
		this.postCache.put(post);
		this.authorPosts.add(authorId, postId);
		this.feeds.addToFeeds(List.of(authorId), postId);
		AtomicLong written = new AtomicLong(1);
		if (!this.counts.isCelebrity(authorId)) {
			this.walk.walk(authorId, this.keys.fanoutCheckpoint(postId), (followers) -> {
				if (this.tombstones.isDeleted(postId)) {
					return false;
				}
				written.addAndGet(
						this.stages.time(FanoutStages.WRITE, () -> this.feeds.addToActiveFeeds(followers, postId)));
				return true;
			}, heartbeat);
		}
		this.fanoutSize.record(written.get());
		if (occurredAt != null) {
			Duration lag = Duration.between(occurredAt, this.clock.instant());
			// Clocks of two machines: a publish "in the future" counts as no lag.
			this.fanoutLag.record(lag.isNegative() ? Duration.ZERO : lag);
		}
	}

}

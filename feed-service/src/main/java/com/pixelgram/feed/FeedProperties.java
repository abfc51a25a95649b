package com.pixelgram.feed;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Every tunable of the feed, with its default in {@code application.yaml}.
 *
 * @param userServiceUri base URI of user-service (follow graph, profiles)
 * @param postServiceUri base URI of post-service (posts, recent posts, likes)
 * @param clients calls to the other services
 * @param fanout fanout on write
 * @param timeline the cached feeds and their rebuild
 * @param ranking the ranked lists
 * @param cache the post and author caches
 * @param paging {@code GET /v1/feed} paging
 */
@ConfigurationProperties("pixelgram.feed")
public record FeedProperties(URI userServiceUri, URI postServiceUri, Clients clients, Fanout fanout, Timeline timeline,
		Ranking ranking, Cache cache, Paging paging) {

	public FeedProperties {
		Assert.notNull(userServiceUri, "pixelgram.feed.user-service-uri must be set");
		Assert.notNull(postServiceUri, "pixelgram.feed.post-service-uri must be set");
		// A deleted post may still sit in a snapshot, or be re-cached by a read that
		// raced
		// the deletion: the tombstone must outlive both.
		Assert.isTrue(cache.tombstoneTtl().compareTo(ranking.snapshotTtl()) > 0,
				"pixelgram.feed.cache.tombstone-ttl must outlive pixelgram.feed.ranking.snapshot-ttl");
		Assert.isTrue(cache.tombstoneTtl().compareTo(cache.postTtl()) >= 0,
				"pixelgram.feed.cache.tombstone-ttl must outlive pixelgram.feed.cache.post-ttl");
		Assert.isTrue(paging.maxLimit() <= clients.maxBatch(),
				"one page must fit in one batch call: pixelgram.feed.paging.max-limit <= clients.max-batch");
	}

	/**
	 * Calls to user-service and post-service.
	 *
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for an answer
	 * @param maxBatch IDs per batch call (the internal APIs accept 100)
	 */
	public record Clients(Duration connectTimeout, Duration readTimeout, int maxBatch) {

	}

	/**
	 * Fanout on write.
	 *
	 * @param celebrityThreshold followers from which an author's posts are pulled at read
	 * time instead of pushed
	 * @param followerPageSize followers per page of the fanout (one pipeline each)
	 * @param feedsPerScript the most feeds one call of the fanout's script writes: Redis
	 * serves nothing else while it runs (about 3 µs per feed)
	 * @param checkpointTtl how long the cursor of an unfinished fanout is kept
	 * @param authorPostsSize recent post IDs kept per author ({@code posts:{id}})
	 * @param followerCountTtl how long a known follower count is kept without news
	 * @param dedupeTtl how long a processed event is remembered (non-idempotent handlers)
	 * @param redisBusyRetry how long an event waits before its next try when Redis
	 * answered too slowly (a busy server, not an outage): soon, since the walk resumes
	 * from its checkpoint
	 * @param redisDownRetry how long an event waits before its next try when Redis is
	 * down (the visibility timeout it is given), so that an outage does not spend its
	 * tries
	 * @param redisProbeInterval how often Redis is pinged while the event listener is
	 * paused for an outage
	 */
	public record Fanout(long celebrityThreshold, int followerPageSize, int feedsPerScript, Duration checkpointTtl,
			int authorPostsSize, Duration followerCountTtl, Duration dedupeTtl, Duration redisDownRetry,
			Duration redisBusyRetry, Duration redisProbeInterval) {

	}

	/**
	 * The cached feeds.
	 *
	 * @param feedSize newest entries kept per feed
	 * @param activeFor how long after a feed read a user still counts as active
	 * @param feedTtl how long an unread feed is kept (longer than {@code activeFor})
	 * @param followingTtl how long a viewer's followee list is cached
	 * @param maxFollowing followees read per viewer at most
	 * @param followingPageSize followees per call to user-service
	 * @param rebuildFollowees followees whose recent posts a rebuild asks post-service
	 * for
	 * @param rebuildPostsPerFollowee recent posts taken per followee in a rebuild
	 * @param backfillPosts recent posts of a new followee added to the follower's feed
	 * @param rebuildConcurrency parallel calls of a rebuild
	 * @param unfollowGrace how long an unfollowed author's posts are filtered out of the
	 * follower's reads (longer than any fanout walk that may have raced the unfollow)
	 * @param rebuildRetry how soon after an incomplete rebuild (a service did not answer)
	 * a read rebuilds the feed again
	 * @param celebrityGenerationRefresh how often a reader checks whether an author
	 * crossed the celebrity threshold (which makes each viewer's list of followed
	 * celebrities stale)
	 * @param suspensionRefresh how often each process asks Redis for the suspensions and
	 * reinstatements since its last look (a suspension leaves the feeds of every process
	 * within it)
	 */
	public record Timeline(int feedSize, Duration activeFor, Duration feedTtl, Duration followingTtl, int maxFollowing,
			int followingPageSize, int rebuildFollowees, int rebuildPostsPerFollowee, int backfillPosts,
			int rebuildConcurrency, Duration unfollowGrace, Duration rebuildRetry, Duration celebrityGenerationRefresh,
			Duration suspensionRefresh) {

	}

	/**
	 * Ranking, and the snapshots that later pages continue.
	 *
	 * @param snapshotTtl how long the snapshot of a page 1 is kept for its later pages (a
	 * cursor into an older one is refused)
	 * @param window candidates ranked per page 1 (the newest)
	 * @param celebrityPosts recent posts pulled per celebrity followee
	 * @param recencyWeight weight of {@code 1/(hours+1)}
	 * @param engagementWeight weight of {@code (likes+comments)/max(followers,1)}
	 * @param affinityWeight weight of the viewer's affinity to the author
	 * @param likeAffinity affinity points of one like
	 * @param commentAffinity affinity points of one comment
	 * @param affinityTtl how long a viewer's affinities are kept without news
	 * @param factsTtl how long this process keeps what ranking needs of a post (author,
	 * counts) and an author's follower count before reading them again: counts only order
	 * the feed, the page shows fresh ones
	 * @param factsSize posts (and authors) whose ranking facts this process keeps
	 */
	public record Ranking(Duration snapshotTtl, int window, int celebrityPosts, double recencyWeight,
			double engagementWeight, double affinityWeight, long likeAffinity, long commentAffinity,
			Duration affinityTtl, Duration factsTtl, long factsSize) {

	}

	/**
	 * Caches of other services' data.
	 *
	 * @param postTtl lifetime of a cached post
	 * @param authorTtl lifetime of a cached author
	 * @param tombstoneTtl how long a deleted post is remembered (longer than a ranked
	 * list, and as long as a queue keeps a late copy of its {@code PostPublished})
	 * @param likesTtl how long a viewer's liked posts are kept without news
	 * @param likedPostsKept the newest posts whose like by a viewer is kept
	 * @param authorLocalTtl how long this process shows an author as it read them (a
	 * profile change shows on feed pages within it)
	 * @param authorLocalSize authors this process keeps
	 */
	public record Cache(Duration postTtl, Duration authorTtl, Duration tombstoneTtl, Duration likesTtl,
			int likedPostsKept, Duration authorLocalTtl, long authorLocalSize) {

	}

	/**
	 * Paging of {@code GET /v1/feed}.
	 *
	 * @param defaultLimit posts per page when no limit is asked
	 * @param maxLimit the largest limit
	 * @param maxPage the largest page number (cursors go as deep as the feed)
	 */
	public record Paging(int defaultLimit, int maxLimit, int maxPage) {

	}

}

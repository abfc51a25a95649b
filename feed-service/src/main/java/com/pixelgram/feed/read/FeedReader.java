package com.pixelgram.feed.read;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisFailures;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.cache.CacheMetrics;
import com.pixelgram.feed.cache.PostCache;
import com.pixelgram.feed.clients.ServiceCallException;
import com.pixelgram.feed.graph.FollowedCelebrities;
import com.pixelgram.feed.graph.HiddenAuthors;
import com.pixelgram.feed.graph.Unfollowed;
import com.pixelgram.feed.ranking.AffinityStore;
import com.pixelgram.feed.ranking.Ranker;
import com.pixelgram.feed.store.ActivityTracker;
import com.pixelgram.feed.store.AuthorPosts;
import com.pixelgram.feed.store.FeedStore;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Reads a page of a viewer's feed from Redis alone when it is warm: the candidates from
 * the viewer's feed and the recent posts of the celebrities they follow, ranked in this
 * process, then the page's posts, authors and likes in one round trip. A page 1 is always
 * made afresh, so a refresh shows every post that reached Redis; its order is kept as a
 * snapshot that the next pages continue.
 *
 * <p>
 * Redis sits behind a circuit breaker ({@code feed-redis}). A read Redis cannot answer in
 * time is shed (503) while the breaker is closed: a slow Redis is usually a busy one, and
 * pulling every feed from the services would add the costliest path to the load. Once
 * half of the last reads (at least four) failed, or at once when Redis refuses the
 * connection, the breaker opens and reads pull the feed from the services for its wait
 * ({@code pixelgram.resilience.circuit-breakers.feed-redis}), at most as many at a time
 * as the {@code feed-pull} bulkhead lets through
 * ({@code pixelgram.resilience.bulkheads.feed-pull}; more are shed), until a few trial
 * reads find Redis answering again.
 */
@Component
class FeedReader {

	private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

	/**
	 * More than a page asked of each source of a keyset page: some may be filtered out.
	 */
	private static final int KEYSET_SLACK = 8;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final ActivityTracker activity;

	private final FeedStore feeds;

	private final AuthorPosts authorPosts;

	private final FollowedCelebrities celebrities;

	private final Unfollowed unfollowed;

	private final HiddenAuthors hidden;

	private final AffinityStore affinity;

	private final FeedRebuilder rebuilder;

	private final RankingFacts facts;

	private final Ranker ranker;

	private final PageHydrator hydrator;

	private final PullFeed pull;

	private final CacheMetrics cacheMetrics;

	private final MeterRegistry meters;

	private final Counter incomplete;

	private final FeedProperties.Ranking ranking;

	private final long snapshotTtlMillis;

	private final CircuitBreaker redisBreaker;

	private final Bulkhead pulls;

	private final Clock clock = Clock.systemUTC();

	FeedReader(StringRedisTemplate redis, RedisKeys keys, ActivityTracker activity, FeedStore feeds,
			AuthorPosts authorPosts, FollowedCelebrities celebrities, Unfollowed unfollowed, AffinityStore affinity,
			FeedRebuilder rebuilder, RankingFacts facts, Ranker ranker, PageHydrator hydrator, PullFeed pull,
			CacheMetrics cacheMetrics, MeterRegistry meters, FeedProperties properties, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, HiddenAuthors hidden) {
		this.redis = redis;
		this.hidden = hidden;
		this.keys = keys;
		this.activity = activity;
		this.feeds = feeds;
		this.authorPosts = authorPosts;
		this.celebrities = celebrities;
		this.unfollowed = unfollowed;
		this.affinity = affinity;
		this.rebuilder = rebuilder;
		this.facts = facts;
		this.ranker = ranker;
		this.hydrator = hydrator;
		this.pull = pull;
		this.cacheMetrics = cacheMetrics;
		this.meters = meters;
		this.incomplete = Counter.builder("pixelgram.feed.read.incomplete")
			.description("Page 1 reads ranked without a source that did not answer (a service, the follow graph)")
			.register(meters);
		this.ranking = properties.ranking();
		this.snapshotTtlMillis = properties.ranking().snapshotTtl().toMillis();
		this.redisBreaker = breakers.circuitBreaker("feed-redis");
		this.pulls = bulkheads.bulkhead("feed-pull");
	}

	FeedPage read(long viewerId, FeedRequest request) {
		Timer.Sample sample = Timer.start(this.meters);
		String source = "redis";
		try {
			if (this.redisBreaker.tryAcquirePermission()) {
				long started = System.nanoTime();
				try {
					FeedPage page = fromRedis(viewerId, request);
					this.redisBreaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
					return page;
				}
				catch (DataAccessException ex) {
					this.redisBreaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
					if (!RedisFailures.isTimeout(ex)) {
						// Refused or lost, not slow: nothing to wait for.
						this.redisBreaker.transitionToOpenState();
						log.warn("Redis is unavailable, pulling feeds from the services: {}", ex.getMessage());
					}
					else if (this.redisBreaker.getState() == CircuitBreaker.State.CLOSED) {
						// Redis (or this process) is too busy to answer in time: this
						// read is shed, and the breaker opens if the next ones fare
						// no better.
						source = "shed";
						throw busy();
					}
				}
				catch (RuntimeException ex) {
					// Not Redis's failure (a bad cursor): a trial read gives its turn
					// back.
					this.redisBreaker.releasePermission();
					throw ex;
				}
			}
			if (!this.pulls.tryAcquirePermission()) {
				source = "shed";
				throw busy();
			}
			source = "pull";
			try {
				return this.pull.read(viewerId, request);
			}
			finally {
				this.pulls.onComplete();
			}
		}
		finally {
			sample.stop(Timer.builder("pixelgram.feed.read")
				.description("Feed page reads")
				.tag("source", source)
				.register(this.meters));
		}
	}

	private static ApiException busy() {
		return new ApiException(ProblemType.SERVICE_UNAVAILABLE, "The feed is busy; try again in a moment.")
			.header(HttpHeaders.RETRY_AFTER, "1");
	}

	private FeedPage fromRedis(long viewerId, FeedRequest request) {
		FeedCursor cursor = request.cursor();
		if (cursor != null && cursor.isKeyset()) {
			return older(viewerId, cursor.order(), cursor.before(), request.limit());
		}
		if (request.isFirstPage()) {
			return fresh(viewerId, request.order(), 0, request.limit());
		}
		if (cursor != null && PullFeed.PULLED.equals(cursor.snapshot())) {
			// A page of a feed pulled while Redis was away: nothing was kept to go on.
			return fresh(viewerId, cursor.order(), cursor.offset(), request.limit());
		}
		String snapshotId = (cursor != null) ? cursor.snapshot() : null;
		int offset = (cursor != null) ? cursor.offset() : request.offset();
		return continued(viewerId, request.order(), snapshotId, offset, request.limit());
	}

	/**
	 * A page of a new snapshot: the newest {@code window} candidates, ranked (or newest
	 * first), from {@code offset} on.
	 */
	private FeedPage fresh(long viewerId, FeedOrder order, int offset, int limit) {
		int window = this.ranking.window();
		List<Object> replies = Pipelines.run(this.redis, (connection) -> {
			this.activity.touch(connection, viewerId);
			this.feeds.newest(connection, viewerId, 0, window);
			this.celebrities.get(connection, viewerId);
			this.unfollowed.get(connection, viewerId);
			this.affinity.get(connection, viewerId);
			this.hidden.get(connection, viewerId);
		});
		int at = ActivityTracker.TOUCH_REPLIES;
		List<Long> pushed = FeedStore.ids(replies.get(at));
		boolean complete = true;
		ActivityTracker.Touch touch = ActivityTracker.touched(replies, 0);
		if (!touch.wasActive()) {
			this.activity.markActive(viewerId);
		}
		if (touch.needsRebuild()) {
			this.cacheMetrics.misses("feed", 1);
			complete = this.rebuilder.rebuild(viewerId);
			if (!complete) {
				this.activity.retryRebuildSoon(viewerId);
			}
			pushed = this.feeds.newest(viewerId, window);
		}
		else {
			this.cacheMetrics.hits("feed", 1);
		}
		Pulled pulled = pullCelebrities(viewerId, replies.get(at + 1), 0, this.ranking.celebrityPosts());
		// Where what was read stops being all there is: below the window-th post, below
		// the oldest read of a source that had more. The snapshot holds what is newer;
		// the
		// feed goes on below it by keyset, so that no post is skipped or shown twice.
		long cut = pulled.floor();
		if (pushed.size() >= window) {
			cut = Math.max(cut, pushed.get(pushed.size() - 1));
		}
		long[] merged = newestFirst(pushed, pulled.postIds());
		List<Long> candidates = new ArrayList<>(Math.min(window, merged.length));
		for (long id : merged) {
			if (candidates.size() == window) {
				cut = Math.max(cut, candidates.get(window - 1));
				break;
			}
			if (id < cut) {
				break;
			}
			candidates.add(id);
		}
		long olderThan = cut;
		Found<PostCache.RankingFacts> known = this.facts.ofPosts(candidates);
		List<Ranker.Candidate> kept = keep(viewerId, candidates, known.byId(),
				Unfollowed.fromReply(replies.get(at + 2)), this.hidden.fromReply(replies.get(at + 4)));
		List<Long> ordered;
		if (order == FeedOrder.RANKED) {
			Set<Long> authors = new HashSet<>();
			kept.forEach((candidate) -> authors.add(candidate.authorId()));
			ordered = this.ranker.rankCandidates(kept, this.facts.followersOf(authors),
					AffinityStore.normalised(replies.get(at + 3)), this.clock.instant());
		}
		else {
			ordered = new ArrayList<>(kept.size());
			kept.forEach((candidate) -> ordered.add(candidate.postId()));
		}
		if (!(complete && known.complete() && pulled.complete())) {
			this.incomplete.increment();
		}
		int end = Math.min(ordered.size(), offset + limit);
		List<Long> pageIds = (offset < end) ? ordered.subList(offset, end) : List.of();
		Consumer<StringRedisConnection> keep = null;
		FeedCursor next;
		if (ordered.size() > offset + limit) {
			Snapshot snapshot = Snapshot.of(ordered, olderThan);
			String key = this.keys.snapshot(viewerId, order.code());
			keep = (connection) -> connection.pSetEx(key, this.snapshotTtlMillis, snapshot.encode());
			next = snapshot.nextAfter(order, offset + limit);
		}
		else {
			next = (olderThan > 0) ? FeedCursor.olderThan(order, olderThan) : null;
		}
		return new FeedPage(this.hydrator.hydrate(viewerId, pageIds, authors(known.byId()), keep), next);
	}

	/**
	 * A later page of the newest snapshot (the one named, when a cursor names one), but
	 * the posts of authors hidden from the viewer since it was made.
	 */
	private FeedPage continued(long viewerId, FeedOrder order, String snapshotId, int offset, int limit) {
		List<Object> replies = Pipelines.run(this.redis, (connection) -> {
			connection.get(this.keys.snapshot(viewerId, order.code()));
			this.hidden.get(connection, viewerId);
		});
		Snapshot snapshot = Snapshot.decode((String) replies.get(0));
		if (snapshotId != null
				&& (snapshot == null || !snapshot.id().equals(snapshotId) || offset > snapshot.postIds().size())) {
			throw FeedCursor.invalid();
		}
		if (snapshot == null) {
			// Page N without a page 1 kept: the snapshot is made now.
			return fresh(viewerId, order, offset, limit);
		}
		this.cacheMetrics.hits("snapshot", 1);
		List<Long> ids = snapshot.postIds();
		int end = Math.min(ids.size(), offset + limit);
		List<Long> inSnapshot = (offset < end) ? ids.subList(offset, end) : List.of();
		Found<PostCache.RankingFacts> known = this.facts.ofPosts(inSnapshot);
		LongPredicate hiddenAuthors = this.hidden.fromReply(replies.get(1));
		List<Long> pageIds = new ArrayList<>(inSnapshot.size());
		for (Long id : inSnapshot) {
			PostCache.RankingFacts post = known.byId().get(id);
			if (post == null || !hiddenAuthors.test(post.authorId())) {
				pageIds.add(id);
			}
		}
		List<FeedItem> items = this.hydrator.hydrate(viewerId, pageIds, authors(known.byId()), null);
		FeedCursor next = (offset < ids.size()) ? snapshot.nextAfter(order, end) : null;
		return new FeedPage(items, next);
	}

	/**
	 * The IDs of both sources, each once, newest first (IDs grow with time): a sort of
	 * primitives, where a tree set boxed and balanced a few hundred entries per page 1.
	 */
	static long[] newestFirst(Collection<Long> pushed, Collection<Long> pulled) {
		long[] ids = new long[pushed.size() + pulled.size()];
		int count = 0;
		for (Long id : pushed) {
			ids[count++] = id;
		}
		for (Long id : pulled) {
			ids[count++] = id;
		}
		Arrays.sort(ids);
		long[] newest = new long[count];
		int distinct = 0;
		for (int i = count - 1; i >= 0; i--) {
			if (distinct == 0 || newest[distinct - 1] != ids[i]) {
				newest[distinct++] = ids[i];
			}
		}
		return (distinct == count) ? newest : Arrays.copyOf(newest, distinct);
	}

	/**
	 * The IDs of both sources older than {@code before}, each once, newest first: a
	 * source's read starts at the millisecond of the cursor's post, so it may hold that
	 * post and the newer ones of its millisecond, which a page before showed.
	 */
	static long[] newestFirstBefore(Collection<Long> pushed, Collection<Long> pulled, long before) {
		long[] merged = newestFirst(pushed, pulled);
		int shown = 0;
		while (shown < merged.length && merged[shown] >= before) {
			shown++;
		}
		return (shown == 0) ? merged : Arrays.copyOfRange(merged, shown, merged.length);
	}

	/** A page of the posts older than one, newest first: past a snapshot, or a keyset. */
	private FeedPage older(long viewerId, FeedOrder order, long before, int limit) {
		int fetch = limit + KEYSET_SLACK;
		List<Object> replies = Pipelines.run(this.redis, (connection) -> {
			this.feeds.newest(connection, viewerId, before, fetch);
			this.celebrities.get(connection, viewerId);
			this.unfollowed.get(connection, viewerId);
			this.hidden.get(connection, viewerId);
		});
		List<Long> pushed = FeedStore.ids(replies.get(0));
		Pulled pulled = pullCelebrities(viewerId, replies.get(1), before, fetch);
		long[] merged = newestFirstBefore(pushed, pulled.postIds(), before);
		List<Long> considered = new ArrayList<>(Math.min(limit, merged.length));
		for (int i = 0; i < merged.length && considered.size() < limit; i++) {
			considered.add(merged[i]);
		}
		Found<PostCache.RankingFacts> known = this.facts.ofPosts(considered);
		List<Long> pageIds = new ArrayList<>(considered.size());
		keep(viewerId, considered, known.byId(), Unfollowed.fromReply(replies.get(2)),
				this.hidden.fromReply(replies.get(3)))
			.forEach((candidate) -> pageIds.add(candidate.postId()));
		boolean more = merged.length > considered.size() || pushed.size() >= fetch || pulled.floor() > 0;
		FeedCursor next = (more && !considered.isEmpty())
				? FeedCursor.olderThan(order, considered.get(considered.size() - 1)) : null;
		return new FeedPage(this.hydrator.hydrate(viewerId, pageIds, authors(known.byId()), null), next);
	}

	/**
	 * The candidates that are still there, but those of authors the viewer unfollowed
	 * lately, which also leave the feed (a fanout raced the unfollow), and those of
	 * authors hidden from the viewer (blocked either way, muted, suspended), which stay
	 * in the feed for the day the block, mute or suspension is lifted: lookups in sets in
	 * memory per candidate.
	 */
	private List<Ranker.Candidate> keep(long viewerId, List<Long> candidates, Map<Long, PostCache.RankingFacts> known,
			Set<Long> unfollowedAuthors, LongPredicate hiddenAuthors) {
		List<Ranker.Candidate> kept = new ArrayList<>(candidates.size());
		List<Long> stale = new ArrayList<>();
		for (Long id : candidates) {
			PostCache.RankingFacts post = known.get(id);
			if (post == null) {
				continue;
			}
			if (unfollowedAuthors.contains(post.authorId())) {
				stale.add(id);
				continue;
			}
			if (hiddenAuthors.test(post.authorId())) {
				continue;
			}
			kept.add(new Ranker.Candidate(id, post.authorId(), post.interactions()));
		}
		if (!stale.isEmpty()) {
			this.feeds.removeFromFeed(viewerId, stale);
		}
		return kept;
	}

	/**
	 * The posts of the celebrities the viewer follows, older than {@code before} (0: the
	 * newest), {@code count} per celebrity: one round trip, none when they follow none.
	 */
	private Pulled pullCelebrities(long viewerId, Object celebritiesReply, long before, int count) {
		List<Long> followed;
		try {
			followed = this.celebrities.fromReply(viewerId, celebritiesReply);
		}
		catch (ServiceCallException ex) {
			log.warn("Reading the feed of {} without celebrity posts: {}", viewerId, ex.getMessage());
			return new Pulled(List.of(), 0, false);
		}
		if (followed.isEmpty()) {
			return new Pulled(List.of(), 0, true);
		}
		List<Object> replies = Pipelines.run(this.redis, (connection) -> followed
			.forEach((authorId) -> this.authorPosts.newest(connection, authorId, before, count)));
		List<Long> ids = new ArrayList<>();
		long floor = 0;
		for (Object reply : replies) {
			List<Long> recent = FeedStore.ids(reply);
			if (recent.size() >= count) {
				floor = Math.max(floor, recent.get(recent.size() - 1));
			}
			ids.addAll(recent);
		}
		return new Pulled(ids, floor, true);
	}

	private static Map<Long, Long> authors(Map<Long, PostCache.RankingFacts> known) {
		Map<Long, Long> authors = new HashMap<>();
		known.forEach((id, post) -> authors.put(id, post.authorId()));
		return authors;
	}

	/**
	 * Posts pulled from the celebrities a viewer follows.
	 *
	 * @param postIds the posts
	 * @param floor the newest of the oldest posts taken of each celebrity who has more
	 * than were taken (below it some are missing), or 0
	 * @param complete whether the list of celebrities could be known
	 */
	private record Pulled(Collection<Long> postIds, long floor, boolean complete) {

	}

}

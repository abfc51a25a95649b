package com.pixelgram.feed.timeline;

import java.util.List;
import java.util.Optional;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisFailures;
import com.pixelgram.feed.cache.CacheMetrics;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Reads a page of a viewer's feed: the cached ranked list when there is one, else a new
 * one (rebuilding the feed first when it is missing or stale); without Redis, a pull from
 * the services.
 */
@Component
class FeedReader {

	private static final Log logger = LogFactory.getLog(FeedReader.class);

	private final ActivityTracker activity;

	private final RankedLists rankedLists;

	private final FeedRebuilder rebuilder;

	private final RankedListBuilder builder;

	private final FeedHydrator hydrator;

	private final PullFeed pull;

	private final CacheMetrics cacheMetrics;

	private final MeterRegistry meters;

	private final long redisRetryAfterNanos;

	private volatile long redisRetryAt = System.nanoTime();

	FeedReader(ActivityTracker activity, RankedLists rankedLists, FeedRebuilder rebuilder, RankedListBuilder builder,
			FeedHydrator hydrator, PullFeed pull, CacheMetrics cacheMetrics, MeterRegistry meters,
			FeedProperties properties) {
		this.activity = activity;
		this.rankedLists = rankedLists;
		this.rebuilder = rebuilder;
		this.builder = builder;
		this.hydrator = hydrator;
		this.pull = pull;
		this.cacheMetrics = cacheMetrics;
		this.meters = meters;
		this.redisRetryAfterNanos = properties.timeline().redisRetryAfter().toNanos();
	}

	FeedPage read(long viewerId, int page, int limit) {
		Timer.Sample sample = Timer.start(this.meters);
		String source = "redis";
		try {
			if (System.nanoTime() - this.redisRetryAt >= 0) {
				try {
					return cached(viewerId, page, limit);
				}
				catch (DataAccessException ex) {
					if (RedisFailures.isTimeout(ex)) {
						// Redis (or this process) is too busy to answer in time, not
						// down: pulling every feed from the services now would pile the
						// costliest path onto an overloaded system. This read is shed;
						// the next one tries Redis again.
						source = "shed";
						throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
								"The feed is busy; try again in a moment.")
							.header(HttpHeaders.RETRY_AFTER, "1");
					}
					// Skip Redis for a while rather than paying its failure on
					// every read.
					this.redisRetryAt = System.nanoTime() + this.redisRetryAfterNanos;
					logger.warn("Redis is unavailable, pulling feeds from the services: " + ex.getMessage());
				}
			}
			source = "pull";
			return this.pull.read(viewerId, page, limit);
		}
		finally {
			sample.stop(Timer.builder("pixelgram.feed.read")
				.description("Feed page reads")
				.tag("source", source)
				.register(this.meters));
		}
	}

	private FeedPage cached(long viewerId, int page, int limit) {
		ActivityTracker.Touch touch = this.activity.touch(viewerId);
		Optional<List<Long>> ranked = this.rankedLists.get(viewerId);
		List<Long> ids;
		if (ranked.isPresent()) {
			ids = ranked.get();
		}
		else {
			boolean complete = true;
			if (touch.needsRebuild()) {
				this.cacheMetrics.misses("feed", 1);
				complete = this.rebuilder.rebuild(viewerId);
				if (!complete) {
					this.activity.forget(viewerId);
				}
			}
			else {
				this.cacheMetrics.hits("feed", 1);
			}
			RankedListBuilder.Built built = this.builder.build(viewerId);
			ids = built.ids();
			if (complete && built.complete()) {
				this.rankedLists.put(viewerId, ids);
			}
		}
		long from = (page - 1L) * limit;
		if (from >= ids.size()) {
			return FeedPage.empty();
		}
		List<Long> pageIds = ids.subList((int) from, (int) Math.min(ids.size(), from + limit));
		return new FeedPage(this.hydrator.hydrate(viewerId, pageIds), ids.size() > from + limit);
	}

}

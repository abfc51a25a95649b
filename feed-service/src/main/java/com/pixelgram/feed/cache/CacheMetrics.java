package com.pixelgram.feed.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Hits and misses of the feed's caches ({@code pixelgram.feed.cache} tagged by cache and
 * result): post, author, ranked, feed, following.
 */
@Component
public class CacheMetrics {

	private final MeterRegistry meters;

	CacheMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	public void hits(String cache, long count) {
		record(cache, "hit", count);
	}

	public void misses(String cache, long count) {
		record(cache, "miss", count);
	}

	private void record(String cache, String result, long count) {
		if (count > 0) {
			Counter.builder("pixelgram.feed.cache")
				.description("Feed cache lookups")
				.tag("cache", cache)
				.tag("result", result)
				.register(this.meters)
				.increment(count);
		}
	}

}

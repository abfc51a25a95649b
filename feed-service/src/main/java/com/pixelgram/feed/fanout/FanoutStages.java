package com.pixelgram.feed.fanout;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Where a fanout's time goes ({@code pixelgram.feed.fanout.stage}, by {@code stage}): the
 * follower pages user-service served, the part of them the walk waited for (the rest ran
 * while a page was written) and the feed writes (with the followers' activity checks).
 */
@Component
class FanoutStages {

	static final String FOLLOWERS = "followers";

	static final String FOLLOWERS_WAIT = "followers-wait";

	static final String WRITE = "write";

	private final Map<String, Timer> timers;

	FanoutStages(MeterRegistry meters) {
		this.timers = Map.of(FOLLOWERS, timer(meters, FOLLOWERS, "A page of followers from user-service"),
				FOLLOWERS_WAIT, timer(meters, FOLLOWERS_WAIT, "The walk waiting for a page of followers"), WRITE,
				timer(meters, WRITE, "The feed writes of a page of followers, activity checks included"));
	}

	<T> T time(String stage, Supplier<T> work) {
		return this.timers.get(stage).record(work);
	}

	private static Timer timer(MeterRegistry meters, String stage, String description) {
		return Timer.builder("pixelgram.feed.fanout.stage")
			.description(description)
			.tag("stage", stage)
			.register(meters);
	}

}

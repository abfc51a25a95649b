package com.pixelgram.feed.support;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.pixelgram.id.IdGenerator;

/** IDs for test data: unique in the JVM, and post IDs that carry a chosen time. */
public final class TestIds {

	private static final int LOW_BITS = 23;

	private static final IdGenerator USERS = new IdGenerator();

	private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << LOW_BITS));

	private TestIds() {
	}

	/** A user ID no other test uses. */
	public static long user() {
		return USERS.nextId(ThreadLocalRandom.current().nextInt(IdGenerator.MAX_SHARDS));
	}

	/** A post ID made at the given instant, as post-service would have made it. */
	public static long at(Instant instant) {
		long millis = instant.toEpochMilli() - IdGenerator.EPOCH.toEpochMilli();
		return (millis << LOW_BITS) | (SEQUENCE.incrementAndGet() & ((1L << LOW_BITS) - 1));
	}

}

package com.pixelgram.id;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Makes 64-bit, time-ordered IDs that carry their logical shard: 41 bits of milliseconds
 * since {@link #EPOCH}, 13 bits of logical shard, 10 bits of sequence.
 * <p>
 * The 10 sequence bits may be split between a node number and a per-millisecond counter
 * ({@code nodeBits}), so that several processes can make IDs for the same shard without
 * ever colliding. Within a process IDs are strictly increasing; when the clock steps
 * back, the generator waits for it to catch up instead of repeating an ID.
 */
public final class IdGenerator {

	/** 2026-01-01T00:00:00Z, the zero of the time field. */
	public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	static final int SEQUENCE_BITS = 10;

	static final int SHARD_BITS = 13;

	static final int TIME_BITS = 41;

	/** Number of logical shards an ID can address. */
	public static final int MAX_SHARDS = 1 << SHARD_BITS;

	private static final long EPOCH_MILLIS = EPOCH.toEpochMilli();

	private static final long MAX_TIME = (1L << TIME_BITS) - 1;

	private final LongSupplier clock;

	private final int counterBits;

	private final long nodePart;

	private final long maxCounter;

	private long lastMillis = -1;

	private long counter;

	/** A generator that owns all 10 sequence bits (one generator per shard space). */
	public IdGenerator() {
		this(0, 0, System::currentTimeMillis);
	}

	/**
	 * @param nodeBits how many of the 10 sequence bits name the node (0 to 6)
	 * @param nodeId this process's node number, below {@code 2^nodeBits}
	 * @param clock milliseconds since the Unix epoch
	 */
	public IdGenerator(int nodeBits, int nodeId, LongSupplier clock) {
		if (nodeBits < 0 || nodeBits > 6) {
			throw new IllegalArgumentException("nodeBits must be between 0 and 6, was " + nodeBits);
		}
		if (nodeId < 0 || nodeId >= (1 << nodeBits)) {
			throw new IllegalArgumentException("nodeId " + nodeId + " does not fit in " + nodeBits + " bits");
		}
		this.clock = clock;
		this.counterBits = SEQUENCE_BITS - nodeBits;
		this.nodePart = ((long) nodeId) << this.counterBits;
		this.maxCounter = (1L << this.counterBits) - 1;
	}

	/** The next ID for a row of the given logical shard. */
	public long nextId(int shard) {
		if (shard < 0 || shard >= MAX_SHARDS) {
			throw new IllegalArgumentException("logical shard out of range: " + shard);
		}
		long millis;
		long sequence;
		synchronized (this) {
			millis = currentMillis();
			if (millis < this.lastMillis) {
				millis = waitUntil(this.lastMillis);
			}
			if (millis == this.lastMillis) {
				if (this.counter == this.maxCounter) {
					millis = waitUntil(this.lastMillis + 1);
					this.counter = 0;
				}
				else {
					this.counter++;
				}
			}
			else {
				this.counter = 0;
			}
			this.lastMillis = millis;
			sequence = this.nodePart | this.counter;
		}
		if (millis > MAX_TIME) {
			throw new IllegalStateException("the ID time field is exhausted");
		}
		return (millis << (SHARD_BITS + SEQUENCE_BITS)) | ((long) shard << SEQUENCE_BITS) | sequence;
	}

	/** The logical shard an ID was made for. */
	public static int shardOf(long id) {
		return (int) ((id >>> SEQUENCE_BITS) & (MAX_SHARDS - 1));
	}

	/** The instant an ID was made at, to the millisecond. */
	public static Instant timeOf(long id) {
		return Instant.ofEpochMilli((id >>> (SHARD_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS);
	}

	/**
	 * The smallest ID that could have been made at the given instant, for range queries
	 * ("posts newer than").
	 */
	public static long lowestIdAt(Instant instant) {
		long millis = Math.max(0, instant.toEpochMilli() - EPOCH_MILLIS);
		return millis << (SHARD_BITS + SEQUENCE_BITS);
	}

	private long currentMillis() {
		return this.clock.getAsLong() - EPOCH_MILLIS;
	}

	private long waitUntil(long target) {
		long now = currentMillis();
		while (now < target) {
			long behind = target - now;
			try {
				// Sleeping through a long clock step back is fine: handing out a repeated
				// ID is not.
				Thread.sleep(Math.min(behind, 100));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the clock", ex);
			}
			now = currentMillis();
		}
		return now;
	}

}

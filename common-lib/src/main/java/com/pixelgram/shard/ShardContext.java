package com.pixelgram.shard;

import java.util.function.Supplier;

/**
 * The logical shard (and read/write intent) the current thread works in. Set only through
 * {@link Shards}; read by {@link ShardRoutingDataSource} when it hands out a connection.
 */
final class ShardContext {

	/** The pseudo-shard of the {@code global} schema. */
	static final int GLOBAL = -1;

	private static final ThreadLocal<Key> CURRENT = new ThreadLocal<>();

	private ShardContext() {
	}

	/**
	 * Where the current work runs.
	 *
	 * @param shard the logical shard, or {@link #GLOBAL}
	 * @param readOnly whether the work only reads
	 * @param replica whether it reads from the replica: decided once, by {@link Shards},
	 * when the transaction starts
	 */
	record Key(int shard, boolean readOnly, boolean replica) {

		Key(int shard, boolean readOnly) {
			this(shard, readOnly, false);
		}

		Key onReplica() {
			return new Key(this.shard, true, true);
		}

	}

	static Key current() {
		return CURRENT.get();
	}

	static <T> T call(Key key, Supplier<T> work) {
		Key previous = CURRENT.get();
		CURRENT.set(key);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(previous);
			}
		}
	}

}

package com.pixelgram.id;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IdGeneratorTest {

	private static final long EPOCH = IdGenerator.EPOCH.toEpochMilli();

	@Test
	void carriesItsShardAndTime() {
		long now = EPOCH + 123_456_789L;
		IdGenerator generator = new IdGenerator(0, 0, () -> now);

		long id = generator.nextId(4321);

		assertThat(IdGenerator.shardOf(id)).isEqualTo(4321);
		assertThat(IdGenerator.timeOf(id)).isEqualTo(Instant.ofEpochMilli(now));
		assertThat(id).isPositive();
	}

	@Test
	void laysOutFortyOneBitsOfTimeThirteenOfShardTenOfSequence() {
		IdGenerator generator = new IdGenerator(0, 0, () -> EPOCH + 1);

		long first = generator.nextId(1);
		long second = generator.nextId(1);

		assertThat(first).isEqualTo((1L << 23) | (1L << 10));
		assertThat(second).isEqualTo(first + 1);
	}

	@Test
	void idsOfLaterMillisecondsSortAfterEarlierOnesWhateverTheShard() {
		AtomicLong clock = new AtomicLong(EPOCH + 1_000);
		IdGenerator generator = new IdGenerator(0, 0, clock::get);

		long early = generator.nextId(8191);
		clock.addAndGet(1);
		long late = generator.nextId(0);

		assertThat(late).isGreaterThan(early);
	}

	@Test
	void neverRepeatsAnIdWhenTheClockStepsBack() {
		// The clock reads 50 ms earlier for a while, then catches up with real time.
		long start = System.currentTimeMillis();
		AtomicLong calls = new AtomicLong();
		IdGenerator generator = new IdGenerator(0, 0, () -> {
			long call = calls.incrementAndGet();
			return (call == 2) ? start - 50 : System.currentTimeMillis();
		});

		long before = generator.nextId(3);
		long after = generator.nextId(3);

		assertThat(after).isGreaterThan(before);
		assertThat(IdGenerator.timeOf(after)).isAfterOrEqualTo(IdGenerator.timeOf(before));
	}

	@Test
	void movesToTheNextMillisecondWhenTheSequenceIsUsedUp() {
		long start = System.currentTimeMillis();
		IdGenerator generator = new IdGenerator(0, 0, System::currentTimeMillis);
		Set<Long> ids = new HashSet<>();

		for (int i = 0; i < 5_000; i++) {
			ids.add(generator.nextId(7));
		}

		assertThat(ids).hasSize(5_000);
		long millisecondsUsed = ids.stream().map(IdGenerator::timeOf).distinct().count();
		assertThat(millisecondsUsed).isGreaterThanOrEqualTo(5);
		assertThat(IdGenerator.timeOf(ids.iterator().next()).toEpochMilli()).isGreaterThanOrEqualTo(start);
	}

	@Test
	void isUniqueAndMonotonicPerThreadUnderContention() throws InterruptedException {
		IdGenerator generator = new IdGenerator();
		int threads = 4;
		int perThread = 50_000;
		Set<Long> all = ConcurrentHashMap.newKeySet();
		List<Boolean> increasing = new ArrayList<>();
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int shard = t;
			Thread worker = new Thread(() -> {
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long previous = Long.MIN_VALUE;
				boolean ordered = true;
				for (int i = 0; i < perThread; i++) {
					long id = generator.nextId(shard);
					ordered &= (id > previous) || IdGenerator.timeOf(id).equals(IdGenerator.timeOf(previous));
					previous = id;
					all.add(id);
				}
				synchronized (increasing) {
					increasing.add(ordered);
				}
			});
			worker.start();
			workers.add(worker);
		}
		go.countDown();
		for (Thread worker : workers) {
			worker.join();
		}

		assertThat(all).hasSize(threads * perThread);
		assertThat(increasing).containsOnly(true);
	}

	@Test
	void nodesSharingAShardNeverCollide() {
		long now = EPOCH + 5;
		IdGenerator node0 = new IdGenerator(3, 0, () -> now);
		IdGenerator node5 = new IdGenerator(3, 5, () -> now);
		Set<Long> ids = new HashSet<>();

		for (int i = 0; i < 100; i++) {
			ids.add(node0.nextId(9));
			ids.add(node5.nextId(9));
		}

		assertThat(ids).hasSize(200);
	}

	@Test
	void refusesShardsOutsideThirteenBits() {
		IdGenerator generator = new IdGenerator();

		assertThatIllegalArgumentException().isThrownBy(() -> generator.nextId(IdGenerator.MAX_SHARDS));
		assertThatIllegalArgumentException().isThrownBy(() -> generator.nextId(-1));
	}

	@Test
	void lowestIdAtBoundsTheIdsOfThatMoment() {
		long now = EPOCH + 987_654L;
		long id = new IdGenerator(0, 0, () -> now).nextId(8000);

		assertThat(IdGenerator.lowestIdAt(Instant.ofEpochMilli(now))).isLessThanOrEqualTo(id);
		assertThat(IdGenerator.lowestIdAt(Instant.ofEpochMilli(now + 1))).isGreaterThan(id);
	}

}

package com.pixelgram.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntToLongFunction;

import com.pixelgram.id.IdGenerator;

/** IDs per second from one generator on one and on four threads, beside UUID v4. */
final class IdBenchmark {

	private static final long WARM_UP_MILLIS = 1_000;

	private static final long MEASURE_MILLIS = 3_000;

	Report.Section run() throws InterruptedException {
		IdGenerator generator = new IdGenerator();
		List<List<String>> rows = new ArrayList<>();
		for (int threads : new int[] { 1, 4 }) {
			double ids = measure(threads, generator::nextId);
			double uuids = measure(threads, (shard) -> UUID.randomUUID().getLeastSignificantBits());
			rows.add(List.of(Integer.toString(threads), Report.perSecond(ids), Report.perSecond(uuids)));
		}
		return new Report.Section("ID generation",
				"One shared `IdGenerator` (41 bits ms, 13 shard, 10 sequence: at most 1,024 IDs per millisecond per "
						+ "generator by design), called in a tight loop for " + MEASURE_MILLIS / 1000
						+ " s after a 1 s warm-up; the baseline is `UUID.randomUUID()` on the same threads.",
				List.of("threads", "IdGenerator.nextId", "baseline UUID.randomUUID"), rows);
	}

	private static double measure(int threads, IntToLongFunction next) throws InterruptedException {
		LongAdder count = new LongAdder();
		AtomicBoolean counting = new AtomicBoolean(false);
		AtomicBoolean running = new AtomicBoolean(true);
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			int shard = t;
			Thread worker = new Thread(() -> {
				long local = 0;
				long mix = 0;
				while (running.get()) {
					mix ^= next.applyAsLong(shard);
					if (counting.get()) {
						local++;
					}
				}
				count.add(local);
				if (mix == 42) {
					System.out.print("");
				}
				done.countDown();
			});
			worker.start();
		}
		Thread.sleep(WARM_UP_MILLIS);
		counting.set(true);
		long start = System.nanoTime();
		Thread.sleep(MEASURE_MILLIS);
		counting.set(false);
		long elapsed = System.nanoTime() - start;
		running.set(false);
		done.await();
		return count.sum() / (elapsed / 1e9);
	}

}

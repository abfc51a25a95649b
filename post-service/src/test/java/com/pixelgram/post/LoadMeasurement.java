package com.pixelgram.post;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of issue 5 that need the running service: uploads per second and peak heap
 * with 8 concurrent clients sending 10 MB photos, likes per second and their p99. Not a
 * test: run it on purpose with {@code -Dtest=LoadMeasurement -Dpixelgram.measure=true}.
 */
@EnabledIfSystemProperty(named = "pixelgram.measure", matches = "true")
class LoadMeasurement extends PostIntegrationTest {

	private static final int CLIENTS = 8;

	@Test
	void measureUploadsAndLikes() throws Exception {
		byte[] photo = tenMegabytePhoto();
		long[] peakHeap = { 0 };
		resetPeaks();
		long heapBefore = usedHeap();
		HeapSampler sampler = new HeapSampler();
		sampler.start();
		int uploadsPerClient = 3;
		long start = System.nanoTime();
		List<Long> posts = Collections.synchronizedList(new ArrayList<>());
		List<Long> authors = Collections.synchronizedList(new ArrayList<>());
		run(CLIENTS, (client) -> {
			long author = newUser();
			authors.add(author);
			for (int i = 0; i < uploadsPerClient; i++) {
				Reply reply = upload(author, photo, "big.jpg", "image/jpeg");
				assertThat(reply.status()).as(reply.body()).isEqualTo(202);
				posts.add(reply.json().path("post_id").asLong());
			}
			return null;
		});
		double uploadSeconds = (System.nanoTime() - start) / 1e9;
		peakHeap[0] = sampler.peak();
		long readyStart = System.nanoTime();
		for (int i = 0; i < posts.size(); i++) {
			awaitStatus(authors.get(i / uploadsPerClient), posts.get(i), "READY");
		}
		double readySeconds = (System.nanoTime() - start) / 1e9;
		long peakWithRenditions = sampler.peak();
		sampler.interrupt();
		long afterGc = peakAfterGc();
		System.out.printf("photo %,d bytes; %d uploads by %d clients: %.1f uploads/s accepted (202), "
				+ "all READY after %.1f s (%.2f renditions sets/s); heap before %d MB, peak during uploads %d MB, "
				+ "peak until READY %d MB, old-generation peak %d MB (max heap %d MB)%n", photo.length, posts.size(),
				CLIENTS, posts.size() / uploadSeconds, readySeconds, posts.size() / readySeconds, heapBefore >> 20,
				peakHeap[0] >> 20, peakWithRenditions >> 20, afterGc >> 20, Runtime.getRuntime().maxMemory() >> 20);
		assertThat(readyStart).isPositive();

		long postId = posts.get(0);
		int likesPerClient = 200;
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		long likeStart = System.nanoTime();
		run(CLIENTS, (client) -> {
			for (int i = 0; i < likesPerClient; i++) {
				long fan = newUser();
				long t0 = System.nanoTime();
				Reply reply = post(fan, "/v1/posts/" + postId + "/like");
				latencies.add(System.nanoTime() - t0);
				assertThat(reply.status()).isEqualTo(200);
			}
			return null;
		});
		double likeSeconds = (System.nanoTime() - likeStart) / 1e9;
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		System.out.printf("%d likes by %d clients on one post: %.0f likes/s, p50 %.1f ms, p99 %.1f ms%n", sorted.size(),
				CLIENTS, sorted.size() / likeSeconds, sorted.get(sorted.size() / 2) / 1e6,
				sorted.get((int) (sorted.size() * 0.99)) / 1e6);
		assertThat(get(newUser(), "/v1/posts/" + postId).json().path("likes_count").asLong())
			.isEqualTo((long) CLIENTS * likesPerClient);
		List<Long> spreadLatencies = Collections.synchronizedList(new ArrayList<>());
		long spreadCpuStart = processCpuNanos();
		long spreadStart = System.nanoTime();
		run(CLIENTS, (client) -> {
			for (int i = 0; i < likesPerClient; i++) {
				long fan = newUser();
				long target = posts.get((client * likesPerClient + i) % posts.size());
				long t0 = System.nanoTime();
				Reply reply = post(fan, "/v1/posts/" + target + "/like");
				spreadLatencies.add(System.nanoTime() - t0);
				assertThat(reply.status()).isEqualTo(200);
			}
			return null;
		});
		double spreadSeconds = (System.nanoTime() - spreadStart) / 1e9;
		double cpuPerLike = (processCpuNanos() - spreadCpuStart) / 1e6 / (CLIENTS * likesPerClient);
		List<Long> spreadSorted = new ArrayList<>(spreadLatencies);
		Collections.sort(spreadSorted);
		System.out.printf(
				"%d likes by %d clients over %d posts: %.0f likes/s, p50 %.1f ms, p99 %.1f ms; "
						+ "%.1f ms of CPU per like, client and server together; %d processors, load average %.1f%n",
				spreadSorted.size(), CLIENTS, posts.size(), spreadSorted.size() / spreadSeconds,
				spreadSorted.get(spreadSorted.size() / 2) / 1e6,
				spreadSorted.get((int) (spreadSorted.size() * 0.99)) / 1e6, cpuPerLike,
				Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	/** A noisy 24-megapixel JPEG at high quality: close to the 10 MB limit. */
	private static byte[] tenMegabytePhoto() {
		byte[] photo = TestImages.jpeg(TestImages.photo(6000, 4000), 0.97f);
		assertThat(photo.length).isLessThanOrEqualTo(10 * 1024 * 1024);
		return photo;
	}

	private static void run(int clients, java.util.function.IntFunction<Void> work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Void>> futures = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				int client = i;
				futures.add(pool.submit(() -> work.apply(client)));
			}
			for (Future<Void> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static void resetPeaks() {
		System.gc();
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	/** The old generation's highest occupancy (what survived young collections). */
	private static long peakAfterGc() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
			.filter((pool) -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
	}

	/** Samples the used heap every few milliseconds and keeps the highest value. */
	private static final class HeapSampler extends Thread {

		private volatile long peak;

		HeapSampler() {
			super("heap-sampler");
			setDaemon(true);
		}

		@Override
		public void run() {
			while (!isInterrupted()) {
				this.peak = Math.max(this.peak, usedHeap());
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		long peak() {
			return this.peak;
		}

	}

	private static long usedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}

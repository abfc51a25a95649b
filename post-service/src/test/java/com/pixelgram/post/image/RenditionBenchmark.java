package com.pixelgram.post.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Times the four renditions of a 12-megapixel JPEG: this service's pipeline (one
 * subsampled decode) against a naive Thumbnailator call per rendition (four full
 * decodes), in the same JVM on the same file, and what the BlurHash adds to the pipeline.
 * Run with the test classpath:
 * {@code java -cp ... com.pixelgram.post.image.RenditionBenchmark [runs]}; with
 * {@code [runs] carousel}, times a carousel of ten such photos instead.
 */
public final class RenditionBenchmark {

	private static final int WARMUP = 5;

	private RenditionBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		if (args.length > 1 && args[1].equals("carousel")) {
			measureCarousel(runs);
			return;
		}
		if (args.length > 1 && args[1].equals("parallel")) {
			measureParallelEncoding(runs);
			return;
		}
		byte[] jpeg = TestImages.withExif(TestImages.jpeg(TestImages.photo(4000, 3000)), 6);
		Path file = Files.createTempFile("benchmark", ".jpg");
		try {
			Files.write(file, jpeg);
			ImageInspector inspector = new ImageInspector(50_000_000, 24_000_000, new MetadataLimits(64, 1024 * 1024));
			RenditionPipeline pipeline = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000,
					24_000_000);
			System.out.printf("12-megapixel JPEG, 4000×3000, EXIF orientation 6, %,d bytes; %d runs after %d warm-up%n",
					jpeg.length, runs, WARMUP);
			Task ours = () -> pipeline.render(file, inspector.inspect(file));
			Task naive = () -> naive(file);
			Task withBlurhash = () -> pipeline.renderWithBlurhash(file, inspector.inspect(file));
			// Alternated run by run, so that a change in the machine's load hits them
			// alike.
			Result[] results = measure(runs, ours, withBlurhash, naive);
			Result pipelineResult = results[0];
			Result blurhashResult = results[1];
			Result naiveResult = results[2];
			System.out.printf("pipeline (1 decode):            median wall %7.1f ms, median CPU %7.1f ms%n",
					pipelineResult.wallMillis(), pipelineResult.cpuMillis());
			System.out.printf("pipeline with BlurHash:          median wall %7.1f ms, median CPU %7.1f ms%n",
					blurhashResult.wallMillis(), blurhashResult.cpuMillis());
			System.out.printf("naive Thumbnailator (4 decodes): median wall %7.1f ms, median CPU %7.1f ms%n",
					naiveResult.wallMillis(), naiveResult.cpuMillis());
			System.out.printf("speed-up: %.1f× wall, %.1f× CPU (%d processors, load average %.1f)%n",
					naiveResult.wallMillis() / pipelineResult.wallMillis(),
					naiveResult.cpuMillis() / pipelineResult.cpuMillis(), Runtime.getRuntime().availableProcessors(),
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
		finally {
			Files.deleteIfExists(file);
		}
		measureBlurhash(runs);
	}

	/**
	 * The renditions of a photo of the feed's size (1080 × 1350, as phones upload them),
	 * encoded one after another and in parallel on four threads, as post-service's
	 * pipeline does: wall time only (the CPU of the caller's thread leaves the encoders'
	 * out).
	 */
	private static void measureParallelEncoding(int runs) throws Exception {
		byte[] jpeg = TestImages.jpeg(TestImages.photo(1080, 1350));
		Path file = Files.createTempFile("benchmark", ".jpg");
		ImageInspector inspector = new ImageInspector(50_000_000, 24_000_000, new MetadataLimits(64, 1024 * 1024));
		try (RenditionPipeline sequential = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000,
				24_000_000);
				RenditionPipeline parallel = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000,
						24_000_000, 4)) {
			Files.write(file, jpeg);
			System.out.printf("1080×1350 JPEG, %,d bytes; %d runs after %d warm-up%n", jpeg.length, runs, WARMUP);
			Result[] results = measure(runs, () -> sequential.renderWithBlurhash(file, inspector.inspect(file)),
					() -> parallel.renderWithBlurhash(file, inspector.inspect(file)));
			System.out.printf("renditions encoded in turn:          median wall %7.1f ms%n", results[0].wallMillis());
			System.out.printf("renditions encoded on four threads:  median wall %7.1f ms (%d processors, load %.1f)%n",
					results[1].wallMillis(), Runtime.getRuntime().availableProcessors(),
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	/**
	 * A carousel of ten 12-megapixel JPEGs (each 4000×3000 with EXIF orientation 6, each
	 * a file of its own): inspected and rendered with its BlurHash one after the other on
	 * one thread, as one render job does, and, for comparison, split over two threads, as
	 * two workers of the default pool would if a carousel's photos were spread over them.
	 * S3 is left out: the pipeline's time alone.
	 */
	private static void measureCarousel(int runs) throws Exception {
		int photos = 10;
		ImageInspector inspector = new ImageInspector(50_000_000, 24_000_000, new MetadataLimits(64, 1024 * 1024));
		RenditionPipeline pipeline = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000, 24_000_000);
		Path[] files = new Path[photos];
		long bytes = 0;
		try {
			for (int i = 0; i < photos; i++) {
				byte[] jpeg = TestImages.withExif(TestImages.jpeg(TestImages.photo(4000 - i * 8, 3000 - i * 6)), 6);
				files[i] = Files.createTempFile("carousel-" + i, ".jpg");
				Files.write(files[i], jpeg);
				bytes += jpeg.length;
			}
			System.out
				.printf("carousel of %d 12-megapixel JPEGs (about 4000×3000, EXIF orientation 6), %,d bytes in all; "
						+ "%d runs after %d warm-up%n", photos, bytes, runs, WARMUP);
			Task sequential = () -> {
				for (Path file : files) {
					pipeline.renderWithBlurhash(file, inspector.inspect(file));
				}
			};
			java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				Task split = () -> {
					List<java.util.concurrent.Future<?>> halves = new java.util.ArrayList<>();
					for (int half = 0; half < 2; half++) {
						int from = half * photos / 2;
						halves.add(two.submit(() -> {
							for (int i = from; i < from + photos / 2; i++) {
								pipeline.renderWithBlurhash(files[i], inspector.inspect(files[i]));
							}
							return null;
						}));
					}
					for (java.util.concurrent.Future<?> done : halves) {
						done.get();
					}
				};
				Result[] results = measure(runs, sequential, split);
				System.out.printf(
						"one render job (1 thread, photos in turn): median wall %7.1f ms (%.1f ms a photo), "
								+ "median CPU of the job's thread %7.1f ms%n",
						results[0].wallMillis(), results[0].wallMillis() / photos, results[0].cpuMillis());
				System.out.printf("split over 2 threads:                      median wall %7.1f ms%n",
						results[1].wallMillis());
			}
			finally {
				two.shutdownNow();
			}
			System.out.printf("%d processors, load average %.1f at the end%n",
					Runtime.getRuntime().availableProcessors(),
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
		finally {
			for (Path file : files) {
				if (file != null) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

	/**
	 * What the BlurHash itself costs: the scaling of the 480 px rendition to 64 px and
	 * the encoding, alone, many times (too short to time once).
	 */
	private static void measureBlurhash(int runs) {
		java.awt.image.BufferedImage rendition = RenditionPipeline.scale(TestImages.photo(4000, 3000), 480, 360);
		int repeat = 200;
		double[] micros = new double[runs];
		for (int i = -WARMUP; i < runs; i++) {
			long start = System.nanoTime();
			for (int r = 0; r < repeat; r++) {
				Blurhash.encode(RenditionPipeline.scale(rendition, 64, 48));
			}
			if (i >= 0) {
				micros[i] = (System.nanoTime() - start) / 1e3 / repeat;
			}
		}
		System.out.printf("BlurHash of the 480×360 rendition (scale to 64×48, encode 4×3): median %.1f µs%n",
				median(micros));
	}

	/** One Thumbnailator call per rendition, each reading and decoding the file again. */
	private static void naive(Path file) throws IOException {
		for (int width : new int[] { 1080, 720, 480 }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			Thumbnails.of(file.toFile()).width(width).outputQuality(0.85).outputFormat("jpg").toOutputStream(out);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Thumbnails.of(file.toFile())
			.size(150, 150)
			.crop(Positions.CENTER)
			.outputQuality(0.85)
			.outputFormat("jpg")
			.toOutputStream(out);
	}

	private static Result[] measure(int runs, Task... tasks) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int i = 0; i < WARMUP; i++) {
			for (Task task : tasks) {
				task.run();
			}
		}
		double[][] wall = new double[tasks.length][runs];
		double[][] cpu = new double[tasks.length][runs];
		for (int i = 0; i < runs; i++) {
			for (int t = 0; t < tasks.length; t++) {
				long cpuStart = threads.getCurrentThreadCpuTime();
				long start = System.nanoTime();
				tasks[t].run();
				wall[t][i] = (System.nanoTime() - start) / 1e6;
				cpu[t][i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
			}
		}
		Result[] results = new Result[tasks.length];
		for (int t = 0; t < tasks.length; t++) {
			results[t] = new Result(median(wall[t]), median(cpu[t]));
		}
		return results;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	@FunctionalInterface
	private interface Task {

		void run() throws Exception;

	}

	private record Result(double wallMillis, double cpuMillis) {

	}

}

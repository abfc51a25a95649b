package com.pixelgram.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak: the suite's real processes under the chaos suite's mixed load at half of the
 * capacity measured first, for a long time ({@code -Dpixelgram.soak.duration=30m}, as
 * {@code bench/run --soak} runs it), with no fault. It must end with no error, the
 * resident memory of every service flat (the largest of the last sixth of the samples
 * within 10 % of the sample taken once the first sixth has warmed the JVMs up), and the
 * outboxes and queues drained. Capacity is measured, not assumed: after a minute's
 * warm-up, a pass of a few virtual users gives the requests per second and the stack's
 * CPU per request, and the soak runs as many users as spend half of the machine's cores.
 */
@EnabledIfSystemProperty(named = "pixelgram.soak.duration", matches = ".+")
class SoakTest {

	/** Unmeasured: the services' JIT compilers busy on a fresh start would be charged. */
	private static final Duration WARM_UP = Duration.ofSeconds(60);

	private static final Duration CALIBRATION = Duration.ofSeconds(40);

	private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);

	private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

	private static final int CALIBRATION_USERS_PER_DATABASE = 3;

	private static final double SHARE_OF_CAPACITY = 0.5;

	private static final double RSS_TOLERANCE = 0.10;

	private static final Path REPORT = Path.of("target", "soak-report.md");

	@Test
	void halfOfCapacityForLongCostsNoErrorNoMemoryAndLeavesNothingBehind() {
		Duration duration = parse(System.getProperty("pixelgram.soak.duration"));
		int cores = Runtime.getRuntime().availableProcessors();
		List<String> report = new ArrayList<>();
		try (ChaosStack stack = ChaosStack.start()) {
			StackProbe probe = new StackProbe(stack);
			Client calibrationClient = new Client(stack.gateway());
			Ledger ledger = new Ledger();
			List<User> users = Traffic.register(calibrationClient, CALIBRATION_USERS_PER_DATABASE);
			Traffic calibration = new Traffic(calibrationClient, ledger, users, 17);
			ChaosSuiteTest.seed(users, ledger, calibration);

			// Capacity: requests per second over the stack's CPU per second, times the
			// cores, once warm.
			pass(calibration, calibrationClient, probe, WARM_UP);
			Pass measured = pass(calibration, calibrationClient, probe, CALIBRATION);
			double cpuPerRequest = measured.cpuSeconds() / measured.requests();
			double capacity = cores / cpuPerRequest;
			double perUser = measured.requests() / measured.seconds() / users.size();
			int soakUsers = Math.max(users.size(), (int) Math.round(SHARE_OF_CAPACITY * capacity / perUser));
			report.add("Calibration: " + users.size() + " virtual users for " + CALIBRATION.toSeconds() + " s, "
					+ format(measured.requests() / measured.seconds()) + " requests/s, " + format(cpuPerRequest * 1000)
					+ " ms of the stack's CPU per request: capacity about " + format(capacity) + " requests/s on "
					+ cores + " cores; the soak runs " + soakUsers + " users for about "
					+ format(SHARE_OF_CAPACITY * capacity) + " requests/s.");
			System.out.println(report.get(report.size() - 1));

			Client client = new Client(stack.gateway());
			List<User> all = new ArrayList<>(users);
			for (User user : Traffic.register(client, (soakUsers - users.size() + 1) / 2)) {
				if (all.size() < soakUsers) {
					all.add(user);
				}
			}
			Traffic traffic = new Traffic(client, ledger, all, 18);
			ChaosSuiteTest.seed(all.subList(users.size(), all.size()), ledger, traffic);

			Map<Long, Map<String, Double>> samples = new TreeMap<>();
			long start = System.nanoTime();
			Duration cpuBefore = probe.cpu();
			traffic.start();
			while (System.nanoTime() - start < duration.toNanos()) {
				ChaosStack.sleep(SAMPLE_EVERY);
				long second = Duration.ofNanos(System.nanoTime() - start).toSeconds();
				samples.put(second, probe.residentMegabytes());
				long failed = failed(client).values().stream().mapToLong(Long::longValue).sum();
				System.out.println("Soak at " + second + " s: " + count(client) + " requests, " + failed
						+ " failed, RSS " + samples.get(second));
			}
			traffic.stop();
			double seconds = (System.nanoTime() - start) / 1e9;
			double cpuSeconds = (probe.cpu().toNanos() - cpuBefore.toNanos()) / 1e9;
			int unanswered = traffic.settle(Duration.ofSeconds(30));

			long drainStart = System.nanoTime();
			long pending = probe.outboxPending();
			long queued = probe.queued();
			while ((pending != 0 || queued != 0) && System.nanoTime() - drainStart < DRAIN_LIMIT.toNanos()) {
				ChaosStack.sleep(Duration.ofSeconds(1));
				pending = probe.outboxPending();
				queued = probe.queued();
			}
			double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

			long requests = count(client);
			Map<String, Long> failures = failed(client);
			report.add("Soak: " + all.size() + " virtual users for " + format(seconds) + " s: " + requests
					+ " requests, " + format(requests / seconds) + " /s, " + format(cpuSeconds / seconds)
					+ " cores busy in the stack (" + format(cpuSeconds * 1000 / requests)
					+ " ms of CPU per request); failed (5xx or no answer): " + (failures.isEmpty() ? "none" : failures)
					+ "; unanswered after resending: " + unanswered + ".");
			report.add("After the load: outbox pending " + pending + ", messages queued " + queued + " (dead-letter "
					+ "queues included), " + format(drainSeconds) + " s to drain.");
			Map<String, double[]> memory = memory(samples);
			report.add("");
			report.add("| process | RSS once warm (MB) | largest in the last sixth (MB) | change |");
			report.add("| --- | ---: | ---: | ---: |");
			memory.entrySet()
				.stream()
				.filter((part) -> part.getValue()[0] > 0)
				.forEach((part) -> report
					.add("| " + part.getKey() + " | " + format(part.getValue()[0]) + " | " + format(part.getValue()[1])
							+ " | " + format(100 * (part.getValue()[1] / part.getValue()[0] - 1)) + " % |"));
			write(report);

			assertThat(failures).as("requests that failed during the soak").isEmpty();
			assertThat(unanswered).as("writes still unanswered after resending").isZero();
			assertThat(pending).as("outbox rows unsent at the end").isZero();
			assertThat(queued).as("messages left in the queues at the end").isZero();
			for (String service : ChaosStack.SERVICES) {
				double[] figures = memory.get(service);
				assertThat(figures[1]).as("%s's resident memory at the end against once warm (MB)", service)
					.isLessThanOrEqualTo(figures[0] * (1 + RSS_TOLERANCE));
			}
		}
		finally {
			System.out.println(String.join("\n", report));
		}
	}

	/** One measured pass of the load: its requests, its length and the stack's CPU. */
	private static Pass pass(Traffic traffic, Client client, StackProbe probe, Duration length) {
		long before = count(client);
		Duration cpuBefore = probe.cpu();
		long start = System.nanoTime();
		traffic.start();
		ChaosStack.sleep(length);
		traffic.stop();
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Pass(count(client) - before, seconds, (probe.cpu().toNanos() - cpuBefore.toNanos()) / 1e9);
	}

	private record Pass(long requests, double seconds, double cpuSeconds) {
	}

	/**
	 * Per part: the sample once the first sixth of the soak warmed the JVMs up, and the
	 * largest of the last sixth.
	 */
	private static Map<String, double[]> memory(Map<Long, Map<String, Double>> samples) {
		List<Map<String, Double>> ordered = new ArrayList<>(samples.values());
		int sixth = Math.max(1, ordered.size() / 6);
		Map<String, Double> warm = ordered.get(Math.min(sixth, ordered.size() - 1));
		List<Map<String, Double>> last = ordered.subList(Math.max(0, ordered.size() - sixth), ordered.size());
		Map<String, double[]> memory = new LinkedHashMap<>();
		warm.forEach((part, resident) -> memory.put(part,
				new double[] { resident, last.stream().mapToDouble((sample) -> sample.get(part)).max().orElse(0) }));
		return memory;
	}

	private static long count(Client client) {
		long count = 0;
		for (Client.Call ignored : client.calls()) {
			count++;
		}
		return count;
	}

	private static Map<String, Long> failed(Client client) {
		Map<String, Long> failed = new TreeMap<>();
		for (Client.Call call : client.calls()) {
			if (call.failed()) {
				failed.merge(call.route() + " " + call.status(), 1L, Long::sum);
			}
		}
		return failed;
	}

	/** {@code 30m}, {@code 90s}, {@code 1h} or an ISO-8601 duration. */
	static Duration parse(String text) {
		Matcher compact = Pattern.compile("(\\d+)([smh])").matcher(text.trim());
		if (compact.matches()) {
			long amount = Long.parseLong(compact.group(1));
			return switch (compact.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}
		return Duration.parse(text.trim());
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static void write(List<String> report) {
		try {
			Files.createDirectories(REPORT.toAbsolutePath().getParent());
			Files.writeString(REPORT, "# Soak\n\n" + String.join("\n", report) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

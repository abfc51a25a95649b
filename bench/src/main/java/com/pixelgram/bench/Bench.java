package com.pixelgram.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmarks and writes a Markdown report: every figure sits beside a baseline
 * measured in the same run on the same machine.
 * <p>
 * Usage:
 * {@code java -jar bench/target/bench.jar [--only=ids,outbox] [--out=bench/results/DATE.md]}
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("seed-users")) {
			seedUsers(args);
			return;
		}
		Set<String> only = new LinkedHashSet<>(List.of("ids", "outbox"));
		Path out = Path.of("bench", "results", LocalDate.now(ZoneOffset.UTC) + ".md");
		for (String arg : args) {
			if (arg.startsWith("--only=")) {
				only = new LinkedHashSet<>(Arrays.asList(arg.substring("--only=".length()).split(",")));
			}
			else if (arg.startsWith("--out=")) {
				out = Path.of(arg.substring("--out=".length()));
			}
		}
		List<Report.Section> sections = new ArrayList<>();
		if (only.contains("ids")) {
			sections.add(new IdBenchmark().run());
		}
		if (only.contains("outbox")) {
			sections.add(new OutboxBenchmark().run());
		}
		String report = Report.render(sections, machine());
		System.out.println(report);
		write(out, report);
		System.out.println("Report written to " + out);
		System.exit(0);
	}

	/**
	 * {@code seed-users <jdbc of shards 0-3 + global> <jdbc of shards 4-7> <count> <seed>
	 * <template username> <ids file>}: bulk users sharing the template's password.
	 */
	private static void seedUsers(String[] args) throws Exception {
		UserSeeder.Databases databases = new UserSeeder.Databases(args[1], args[2], "postgres", "postgres");
		int count = Integer.parseInt(args[3]);
		long seed = Long.parseLong(args[4]);
		long start = System.nanoTime();
		List<Long> ids = UserSeeder.seed(databases, count, seed, UserSeeder.passwordHashOf(databases, args[5]));
		Files.write(Path.of(args[6]), ids.stream().map(String::valueOf).toList());
		System.out.printf("Seeded %d users in %.1f s%n", ids.size(), (System.nanoTime() - start) / 1e9);
	}

	private static String machine() {
		return String.format("%d cores, %d MiB max heap, Java %s (%s), %s", Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() / (1024 * 1024), System.getProperty("java.version"),
				System.getProperty("java.vm.name"), ManagementFactory.getOperatingSystemMXBean().getName());
	}

	private static void write(Path out, String report) throws IOException {
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.writeString(out, report);
	}

}

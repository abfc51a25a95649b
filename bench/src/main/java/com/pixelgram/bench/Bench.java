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
		if (args.length > 0 && args[0].equals("seed-graph")) {
			seedGraph(args);
			return;
		}
		if (args.length > 0 && args[0].equals("fanout")) {
			append(Path.of(args[7]),
					FeedBenchmark.fanout(args[1], args[2], args[3], property(args[4], "fanout_author"), args[5],
							FeedBenchmark.readIds(Path.of(args[4], "fanout-followers.txt")),
							Long.parseLong(property(args[4], "fanout_author_id")), Integer.parseInt(args[6])));
			return;
		}
		if (args.length > 0 && args[0].equals("photo")) {
			Files.write(Path.of(args[1]), FeedBenchmark.photo());
			return;
		}
		if (args.length > 0 && args[0].equals("gatling-summary")) {
			append(Path.of(args[3]), GatlingSummary.lines(Path.of(args[1]), args[2]));
			return;
		}
		if (args.length > 0 && args[0].equals("freshness")) {
			freshness(args);
			// no thread of the run (HTTP client, pollers) may keep bench/run waiting
			System.exit(0);
		}
		if (args.length > 0 && args[0].equals("cpu")) {
			System.out.println(StackCpu.fields(args));
			return;
		}
		if (args.length > 0 && args[0].equals("naive-feed")) {
			naiveFeed(args);
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

	/**
	 * {@code seed-graph <users jdbc 0-3> <users jdbc 4-7> <posts jdbc 0-3> <posts jdbc 4-7>
	 * <ids file> <seed> <posts per user> <celebrity threshold> <out dir>}: the follow
	 * graph and the posts over seeded users; the shapes the feed benchmarks use go to the
	 * out dir.
	 */
	private static void seedGraph(String[] args) throws Exception {
		long start = System.nanoTime();
		List<Long> ids = FeedBenchmark.readIds(Path.of(args[5]));
		GraphSeeder.Graph graph = new GraphSeeder(ids, Long.parseLong(args[6])).seed(
				new GraphSeeder.Databases(args[1], args[2]), new GraphSeeder.Databases(args[3], args[4]),
				Integer.parseInt(args[7]));
		int threshold = Integer.parseInt(args[8]);
		Path out = Path.of(args[9]);
		Files.createDirectories(out);
		Files.write(out.resolve("fanout-followers.txt"),
				GraphSeeder.idsOf(ids, graph.fanoutFollowers()).stream().map(String::valueOf).toList());
		Files.write(out.resolve("small-viewers.txt"),
				GraphSeeder.idsOf(ids, graph.smallViewers()).stream().map(String::valueOf).toList());
		Files.write(out.resolve("large-viewers.txt"),
				GraphSeeder.idsOf(ids, graph.largeViewers()).stream().map(String::valueOf).toList());
		Files.write(out.resolve("small-viewer-names.txt"),
				Arrays.stream(graph.smallViewers()).mapToObj((i) -> "user" + i).toList());
		Files.write(out.resolve("large-viewer-names.txt"),
				Arrays.stream(graph.largeViewers()).mapToObj((i) -> "user" + i).toList());
		// Feeders of the load driver (CSV with a header): posts to like, users to follow.
		List<String> postIds = new ArrayList<>(List.of("post_id"));
		graph.samplePosts().forEach((id) -> postIds.add(Long.toString(id)));
		Files.write(out.resolve("posts.csv"), postIds);
		List<String> userIds = new ArrayList<>(List.of("user_id"));
		ids.stream().limit(20_000).forEach((id) -> userIds.add(Long.toString(id)));
		Files.write(out.resolve("users.csv"), userIds);
		Files.write(out.resolve("graph.properties"), List.of("fanout_author=user" + graph.fanoutAuthor(),
				"fanout_author_id=" + ids.get(graph.fanoutAuthor()), "edges=" + graph.edges(), "posts=" + graph.posts(),
				"celebrities=" + graph.usersOver(threshold), "max_followers=" + graph.maxFollowers()));
		System.out.printf(
				"Seeded %d follow edges and %d posts in %.1f s; %d users over %d followers, the most "
						+ "followed has %d%n",
				graph.edges(), graph.posts(), (System.nanoTime() - start) / 1e9, graph.usersOver(threshold), threshold,
				graph.maxFollowers());
	}

	/**
	 * {@code naive-feed <users jdbc 0-3> <users jdbc 4-7> <posts jdbc 0-3> <posts jdbc 4-7>
	 * <graph dir> <threads> <seconds> <out file>}: the SQL pull baseline for both viewer
	 * shapes.
	 */
	private static void naiveFeed(String[] args) throws Exception {
		GraphSeeder.Databases users = new GraphSeeder.Databases(args[1], args[2]);
		GraphSeeder.Databases posts = new GraphSeeder.Databases(args[3], args[4]);
		Path graph = Path.of(args[5]);
		int threads = Integer.parseInt(args[6]);
		java.time.Duration duration = java.time.Duration.ofSeconds(Long.parseLong(args[7]));
		List<String> lines = new ArrayList<>();
		lines.add(FeedBenchmark.naivePull("naive_feed_small", users, posts,
				FeedBenchmark.readIds(graph.resolve("small-viewers.txt")), threads, duration));
		lines.add(FeedBenchmark.naivePull("naive_feed_large", users, posts,
				FeedBenchmark.readIds(graph.resolve("large-viewers.txt")), threads, duration));
		append(Path.of(args[8]), lines);
	}

	/**
	 * {@code freshness <gateway> <user-service> <password> <pairs> <samples per pair>
	 * <max failures> <out file>}: how soon a post made after a follower's read is on the
	 * follower's next page 1.
	 */
	private static void freshness(String[] args) throws Exception {
		append(Path.of(args[7]), List.of(FreshnessBenchmark.run(args[1], args[2], args[3], Integer.parseInt(args[4]),
				Integer.parseInt(args[5]), Integer.parseInt(args[6]))));
	}

	private static String property(String graphDir, String name) throws IOException {
		return Files.readAllLines(Path.of(graphDir, "graph.properties"))
			.stream()
			.filter((line) -> line.startsWith(name + "="))
			.map((line) -> line.substring(name.length() + 1))
			.findFirst()
			.orElseThrow();
	}

	private static void append(Path file, List<String> lines) throws IOException {
		lines.forEach(System.out::println);
		Files.write(file, lines, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
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

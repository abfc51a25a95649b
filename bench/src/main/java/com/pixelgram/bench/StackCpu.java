package com.pixelgram.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU the whole suite spent between two snapshots of {@code /proc}, per process kind:
 * what a request costs the machine, not only the service it is addressed to (the gateway,
 * the services it calls, Redis, Postgres, dev-stack's ElasticMQ and S3Proxy).
 * <p>
 * A snapshot is written by bench/run, one line per process of the machine:
 * {@code pid TAB tag TAB the /proc/<pid>/stat line}, the tag naming what the command line
 * says (a service's jar, dev-stack, the bench's own JVM, or {@code data} for a command
 * that mentions the bench's data directory, {@code -} otherwise). The stack is the
 * processes given as roots (dev-stack's JVM, the postmaster) and those tagged
 * {@code data}, with all their descendants; the load generator and the bench JVM are
 * never part of it, and the same jars started by anyone else on the machine are not
 * either, as they descend from none of the roots.
 */
final class StackCpu {

	/** The kinds of the breakdown, in the report's order. */
	static final List<String> KINDS = List.of("gateway", "user", "post", "feed", "notification", "devstack", "redis",
			"postgres", "other");

	private static final Set<String> TAGGED_KINDS = Set.of("gateway", "user", "post", "feed", "notification",
			"devstack");

	private StackCpu() {
	}

	/**
	 * One process in a snapshot.
	 *
	 * @param pid its id
	 * @param ppid its parent's
	 * @param start its start time (clock ticks after boot), which tells a reused pid
	 * apart
	 * @param comm the executable's name ({@code /proc/<pid>/comm})
	 * @param tag what bench/run made of its command line
	 * @param ticks its own user and system time (fields 14 and 15)
	 * @param childTicks that of its children it waited for (fields 16 and 17): a process
	 * that ends between two snapshots is found there
	 */
	record Process(long pid, long ppid, long start, String comm, String tag, long ticks, long childTicks) {

		long total() {
			return this.ticks + this.childTicks;
		}

	}

	/**
	 * Parses a snapshot; lines that are not a process (a process that ended while the
	 * snapshot was written leaves a short one) are skipped.
	 */
	static Map<Long, Process> parse(List<String> lines) {
		Map<Long, Process> processes = new HashMap<>();
		for (String line : lines) {
			String[] parts = line.split("\t", 3);
			if (parts.length < 3) {
				continue;
			}
			String stat = parts[2];
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			if (open < 0 || close < open) {
				continue;
			}
			// The command name may hold spaces and parentheses: the fields are counted
			// from
			// the last ')', where field 3 (the state) starts.
			String[] fields = stat.substring(close + 1).trim().split("\\s+");
			if (fields.length < 20) {
				continue;
			}
			try {
				long pid = Long.parseLong(parts[0].trim());
				processes.put(pid,
						new Process(pid, Long.parseLong(fields[1]), Long.parseLong(fields[19]),
								stat.substring(open + 1, close), parts[1].trim(),
								Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
								Long.parseLong(fields[13]) + Long.parseLong(fields[14])));
			}
			catch (NumberFormatException ex) {
				// not a stat line: skipped as above
			}
		}
		return processes;
	}

	/**
	 * The stack's processes in a snapshot and the kind of each: the roots and the
	 * processes tagged {@code data}, then their descendants, less the load generator and
	 * the bench.
	 */
	static Map<Long, String> members(Map<Long, Process> snapshot, Collection<Long> roots) {
		Map<Long, List<Long>> children = new HashMap<>();
		snapshot.values()
			.forEach((process) -> children.computeIfAbsent(process.ppid(), (ppid) -> new ArrayList<>())
				.add(process.pid()));
		Map<Long, String> kinds = new LinkedHashMap<>();
		Deque<Long> pending = new ArrayDeque<>();
		Set<Long> seen = new HashSet<>();
		for (Process process : snapshot.values()) {
			if (roots.contains(process.pid()) || process.tag().equals("data")) {
				pending.add(process.pid());
				seen.add(process.pid());
			}
		}
		// Bounded: each process is visited once.
		while (!pending.isEmpty()) {
			Process process = snapshot.get(pending.poll());
			if (isLoadGenerator(process)) {
				continue;
			}
			kinds.put(process.pid(), kindOf(process, snapshot));
			for (long child : children.getOrDefault(process.pid(), List.of())) {
				if (seen.add(child)) {
					pending.add(child);
				}
			}
		}
		return kinds;
	}

	/**
	 * Clock ticks per kind between two snapshots. A process in both counts what it and
	 * its reaped children spent since the first; one that started between them counts it
	 * all; one that ended between them, its total having moved to its parent's children's
	 * time, takes back what it had spent before the first snapshot (from its parent's
	 * kind, which counted it), when that parent is still there.
	 */
	static Map<String, Long> ticksByKind(Map<Long, Process> before, Map<Long, Process> after, Collection<Long> roots) {
		Map<Long, String> membersBefore = members(before, roots);
		Map<Long, String> membersAfter = members(after, roots);
		Map<String, Long> ticks = new LinkedHashMap<>();
		KINDS.forEach((kind) -> ticks.put(kind, 0L));
		membersAfter.forEach((pid, kind) -> {
			Process now = after.get(pid);
			Process then = before.get(pid);
			long spent = (then != null && then.start() == now.start()) ? now.total() - then.total() : now.total();
			ticks.merge(kind, spent, Long::sum);
		});
		membersBefore.forEach((pid, kind) -> {
			Process then = before.get(pid);
			Process now = after.get(pid);
			if (now != null && now.start() == then.start()) {
				return;
			}
			Process parent = after.get(then.ppid());
			String parentKind = membersAfter.get(then.ppid());
			Process parentThen = before.get(then.ppid());
			if (parent != null && parentKind != null && parentThen != null && parentThen.start() == parent.start()) {
				ticks.merge(parentKind, -then.total(), Long::sum);
			}
		});
		return ticks;
	}

	/**
	 * The result fields: {@code cpu_ms} (the whole stack's CPU per unit, in
	 * milliseconds), {@code cpu_<kind>} for each kind, {@code cpu_busy} (cores the stack
	 * kept busy over the wall time), {@code cpu_procs} (the stack's processes at the end)
	 * and {@code cpu_outside_busy} (cores the rest of the machine kept busy, the load
	 * generator aside).
	 */
	static String fields(Map<Long, Process> before, Map<Long, Process> after, Collection<Long> roots, long units,
			long ticksPerSecond, double wallSeconds) {
		Map<String, Long> ticks = ticksByKind(before, after, roots);
		double msPerTick = 1000.0 / ticksPerSecond;
		long total = ticks.values().stream().mapToLong(Long::longValue).sum();
		StringBuilder line = new StringBuilder(
				String.format(Locale.ROOT, "cpu_ms=%.3f", total * msPerTick / Math.max(1, units)));
		ticks.forEach((kind, value) -> line
			.append(String.format(Locale.ROOT, " cpu_%s=%.3f", kind, value * msPerTick / Math.max(1, units))));
		line.append(String.format(Locale.ROOT, " cpu_busy=%.2f cpu_procs=%d cpu_outside_busy=%.2f",
				busy(total * msPerTick, wallSeconds), members(after, roots).size(),
				busy(outsideTicks(before, after, roots) * msPerTick, wallSeconds)));
		return line.toString();
	}

	/**
	 * What the rest of the machine spent between the snapshots: every process neither in
	 * the stack nor the load generator, that was there at both. Their own time only: a
	 * shell's children's time holds the load generator it waited for. Other work on the
	 * machine takes cores from the stack and the load generator, so it tells a noisy run.
	 */
	static long outsideTicks(Map<Long, Process> before, Map<Long, Process> after, Collection<Long> roots) {
		Set<Long> stack = new HashSet<>(members(before, roots).keySet());
		stack.addAll(members(after, roots).keySet());
		long ticks = 0;
		for (Process now : after.values()) {
			Process then = before.get(now.pid());
			if (!stack.contains(now.pid()) && !isLoadGenerator(now) && then != null && then.start() == now.start()) {
				ticks += now.ticks() - then.ticks();
			}
		}
		return ticks;
	}

	private static double busy(double milliseconds, double wallSeconds) {
		return (wallSeconds > 0) ? milliseconds / 1000 / wallSeconds : 0.0;
	}

	/**
	 * The subcommand bench/run calls after a measured pass:
	 * {@code cpu <before> <after> <units> <clock ticks per second> <wall seconds> <root pid>...}.
	 */
	static String fields(String[] args) throws IOException {
		List<Long> roots = new ArrayList<>();
		for (int i = 6; i < args.length; i++) {
			if (!args[i].isBlank()) {
				roots.add(Long.parseLong(args[i].trim()));
			}
		}
		return fields(parse(Files.readAllLines(Path.of(args[1]))), parse(Files.readAllLines(Path.of(args[2]))), roots,
				Long.parseLong(args[3]), Long.parseLong(args[4]), Double.parseDouble(args[5]));
	}

	private static boolean isLoadGenerator(Process process) {
		return process.comm().equals("wrk") || process.tag().equals("bench");
	}

	private static String kindOf(Process process, Map<Long, Process> snapshot) {
		if (TAGGED_KINDS.contains(process.tag())) {
			return process.tag();
		}
		if (process.comm().startsWith("redis-server")) {
			return "redis";
		}
		// Postgres' processes keep the name postgres; pg_ctl and a shell may start it.
		Process ancestor = process;
		for (int depth = 0; ancestor != null && depth < 64; depth++) {
			if (ancestor.comm().equals("postgres") || ancestor.comm().equals("postmaster")) {
				return "postgres";
			}
			ancestor = snapshot.get(ancestor.ppid());
		}
		return "other";
	}

}

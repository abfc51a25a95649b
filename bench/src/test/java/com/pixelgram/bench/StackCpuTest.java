package com.pixelgram.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackCpuTest {

	private static final long STACK = 100;

	private static final long POSTMASTER = 300;

	/**
	 * A /proc/<pid>/stat line: utime, stime, cutime, cstime and starttime where the
	 * kernel puts them (fields 14 to 17 and 22).
	 */
	private static String stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
			long start) {
		return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 " + utime + " "
				+ stime + " " + cutime + " " + cstime + " 20 0 30 0 " + start + " 123456 789 18446744073709551615";
	}

	private static String line(long pid, String tag, String comm, long ppid, long utime, long stime, long start) {
		return pid + "\t" + tag + "\t" + stat(pid, comm, ppid, utime, stime, 0, 0, start);
	}

	/**
	 * The machine: the stack, its postgres (reparented to init), and what is not the
	 * stack.
	 */
	private static List<String> machine(long devStack, long feed, long redis, long postmaster, long backend) {
		List<String> lines = new ArrayList<>();
		lines.add(line(1, "-", "systemd", 0, 500, 500, 1));
		lines.add(line(50, "-", "bash", 1, 10, 10, 5));
		lines.add(line(STACK, "devstack", "java", 50, devStack, 0, 10));
		lines.add(line(101, "gateway", "java", STACK, 1000, 0, 20));
		lines.add(line(104, "feed", "java", STACK, feed, 0, 20));
		lines.add(line(110, "-", "redis-server", STACK, redis, 0, 15));
		lines.add(line(POSTMASTER, "data", "postgres", 1, postmaster, 0, 12));
		lines.add(line(301, "-", "postgres", POSTMASTER, backend, 0, 30));
		// not the stack: the load generator, the bench JVM, and a feed-service someone
		// else runs
		lines.add(line(400, "-", "wrk", 50, 9999, 9999, 40));
		lines.add(line(401, "bench", "java", 50, 9999, 9999, 40));
		lines.add(line(500, "feed", "java", 1, 9999, 9999, 2));
		return lines;
	}

	@Test
	void parsesTheFieldsAfterACommandNameWithSpacesAndParentheses() {
		Map<Long, StackCpu.Process> processes = StackCpu
			.parse(List.of("7\t-\t" + stat(7, "a (b) c", 1, 11, 12, 13, 14, 99), "8\t-\t8 (gone", "garbage"));

		assertThat(processes).containsOnlyKeys(7L);
		StackCpu.Process process = processes.get(7L);
		assertThat(process.comm()).isEqualTo("a (b) c");
		assertThat(process.ppid()).isEqualTo(1);
		assertThat(process.ticks()).isEqualTo(23);
		assertThat(process.childTicks()).isEqualTo(27);
		assertThat(process.start()).isEqualTo(99);
	}

	@Test
	void theStackIsTheRootsTheDataDirectoryAndTheirDescendantsByKind() {
		Map<Long, String> members = StackCpu.members(StackCpu.parse(machine(1, 1, 1, 1, 1)), List.of(STACK));

		assertThat(members).containsOnly(Map.entry(STACK, "devstack"), Map.entry(101L, "gateway"),
				Map.entry(104L, "feed"), Map.entry(110L, "redis"), Map.entry(POSTMASTER, "postgres"),
				Map.entry(301L, "postgres"));
	}

	@Test
	void sumsEachKindsTicksBetweenTwoSnapshots() {
		Map<Long, StackCpu.Process> before = StackCpu.parse(machine(100, 200, 10, 50, 5));
		Map<Long, StackCpu.Process> after = StackCpu.parse(machine(130, 500, 25, 60, 45));

		Map<String, Long> ticks = StackCpu.ticksByKind(before, after, List.of(STACK, POSTMASTER));

		assertThat(ticks).containsEntry("devstack", 30L)
			.containsEntry("gateway", 0L)
			.containsEntry("feed", 300L)
			.containsEntry("redis", 15L)
			.containsEntry("postgres", 50L)
			.containsEntry("other", 0L);
	}

	@Test
	void aProcessThatEndsCountsThroughItsParentAndOneThatStartsCountsWhole() {
		List<String> before = new ArrayList<>(machine(0, 0, 0, 0, 0));
		before.add(line(302, "-", "postgres", POSTMASTER, 70, 0, 31));
		List<String> after = new ArrayList<>(machine(0, 0, 0, 0, 0));
		// 302 ended after 80 ticks in all (70 before the first snapshot) and was reaped
		// by the
		// postmaster; 303 started and spent 4; pid 301 was reused by a new backend that
		// spent 6.
		after.set(6, POSTMASTER + "\tdata\t" + stat(POSTMASTER, "postgres", 1, 0, 0, 80, 0, 12));
		after.set(7, line(301, "-", "postgres", POSTMASTER, 6, 0, 35));
		after.add(line(303, "-", "postgres", POSTMASTER, 3, 1, 36));

		Map<String, Long> ticks = StackCpu.ticksByKind(StackCpu.parse(before), StackCpu.parse(after),
				List.of(STACK, POSTMASTER));

		assertThat(ticks.get("postgres")).isEqualTo(10 + 4 + 6);
	}

	@Test
	void writesMillisecondsPerUnitForTheStackAndEachKind() {
		Map<Long, StackCpu.Process> before = StackCpu.parse(machine(100, 200, 10, 50, 5));
		Map<Long, StackCpu.Process> after = StackCpu.parse(machine(130, 500, 25, 60, 45));

		// 395 ticks of 10 ms over 1,000 requests in 4 s
		String fields = StackCpu.fields(before, after, List.of(STACK, POSTMASTER), 1000, 100, 4.0);

		assertThat(fields).isEqualTo("cpu_ms=3.950 cpu_gateway=0.000 cpu_user=0.000 cpu_post=0.000 cpu_feed=3.000 "
				+ "cpu_notification=0.000 cpu_devstack=0.300 cpu_redis=0.150 cpu_postgres=0.500 cpu_other=0.000 "
				+ "cpu_busy=0.99 cpu_procs=6 cpu_outside_busy=0.00");
	}

	@Test
	void theRestOfTheMachineIsItsProcessesOwnTimeLessTheLoadGenerator() {
		List<String> before = machine(0, 0, 0, 0, 0);
		List<String> after = machine(0, 0, 0, 0, 0);
		// the shell that waited for wrk holds wrk's time as its children's: not counted
		after.set(1, "50\t-\t" + stat(50, "bash", 1, 30, 10, 5000, 0, 5));
		after.set(0, line(1, "-", "systemd", 0, 520, 500, 1));
		after.set(8, line(400, "-", "wrk", 50, 20000, 20000, 40));
		after.set(10, line(500, "feed", "java", 1, 10099, 9999, 2));

		assertThat(StackCpu.outsideTicks(StackCpu.parse(before), StackCpu.parse(after), List.of(STACK, POSTMASTER)))
			.isEqualTo(20 + 20 + 100);
	}

}

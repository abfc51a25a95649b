package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.pixelgram.devstack.OwnedProcess.Kind;

/**
 * Finds and stops what a dev-stack that did not stop cleanly (killed, SIGKILL) left
 * running on a data directory: the processes in its pid file, and the postmaster named by
 * Postgres' own {@code postmaster.pid}. Each is stopped only when it is verifiably still
 * the process that dev-stack started (see {@link OwnedProcess#find()}).
 */
final class Leftovers {

	/** What dev-stack's Postgres keeps in the data directory. */
	static final String POSTGRES_DIRECTORY = "postgres";

	/** How long a process killed after its grace period may take to go. */
	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private Leftovers() {
	}

	/**
	 * Stops whatever an earlier dev-stack on this data directory left running. Call it
	 * holding the data directory's {@link InstanceLock}, so that no live dev-stack owns
	 * what it stops.
	 * @param dataDirectory the data directory
	 * @param report told about each process found running, once it is stopped
	 * @return how many processes it found still running
	 */
	static int stop(Path dataDirectory, Consumer<Stopped> report) {
		Path postgresDirectory = dataDirectory.resolve(POSTGRES_DIRECTORY);
		Map<Long, OwnedProcess> candidates = new LinkedHashMap<>();
		for (OwnedProcess process : read(dataDirectory.resolve(ProcessLedger.FILE_NAME))) {
			candidates.putIfAbsent(process.pid(), process);
		}
		postmaster(postgresDirectory).ifPresent((process) -> candidates.putIfAbsent(process.pid(), process));
		return stop(candidates.values(), report);
	}

	/**
	 * The processes recorded in a pid file.
	 * @param file the file
	 * @return the processes, empty when there is no file
	 */
	static List<OwnedProcess> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8)
				.stream()
				.map(OwnedProcess::parse)
				.flatMap(Optional::stream)
				.toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/**
	 * The postmaster named by {@code postmaster.pid}, which Postgres keeps while it runs
	 * and leaves behind when it is killed. Its start time is not known, so it counts as
	 * this data directory's postmaster only when its command line names the directory.
	 * @param postgresDirectory the Postgres data directory
	 * @return the postmaster, or empty when the file is missing or malformed
	 */
	static Optional<OwnedProcess> postmaster(Path postgresDirectory) {
		try {
			// its first line is the postmaster's process id
			List<String> lines = Files.readAllLines(postgresDirectory.resolve("postmaster.pid"),
					StandardCharsets.UTF_8);
			long pid = Long.parseLong(lines.get(0).trim());
			return (pid > 0) ? Optional.of(new OwnedProcess(Kind.POSTGRES, "postgres", pid, -1,
					postgresDirectory.toAbsolutePath().normalize().toString())) : Optional.empty();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Stops the processes that still run and are still the ones recorded, in the order of
	 * their {@link Kind}: each kind is asked to stop, given its grace period, and what
	 * remains is killed.
	 * @param processes the processes
	 * @param report told about each process that was found running, once it is stopped
	 * (or could not be)
	 * @return how many of the processes were found running
	 */
	static int stop(Collection<OwnedProcess> processes, Consumer<Stopped> report) {
		int found = 0;
		for (Kind kind : Kind.values()) {
			Map<OwnedProcess, ProcessHandle> running = new LinkedHashMap<>();
			processes.stream()
				.filter((process) -> process.kind() == kind)
				.forEach((process) -> process.find().ifPresent((handle) -> running.put(process, handle)));
			found += running.size();
			running.forEach((process, handle) -> askToStop(kind, handle));
			List<ProcessHandle> remaining = awaitExit(running.values(), kind.grace());
			remaining.forEach(ProcessHandle::destroyForcibly);
			List<ProcessHandle> unkillable = awaitExit(remaining, KILL_WAIT);
			running.forEach((process, handle) -> report
				.accept(new Stopped(process, remaining.contains(handle), !unkillable.contains(handle))));
		}
		return found;
	}

	private static void askToStop(Kind kind, ProcessHandle process) {
		if (kind == Kind.POSTGRES) {
			// Java sends only SIGTERM and SIGKILL
			try {
				Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (kill.waitFor() == 0) {
					return;
				}
			}
			catch (IOException ex) {
				// no kill command: SIGTERM below
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		process.destroy();
	}

	private static List<ProcessHandle> awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ProcessHandle> remaining = new ArrayList<>(processes);
		while (true) {
			remaining.removeIf((process) -> !OwnedProcess.isRunning(process));
			if (remaining.isEmpty() || System.nanoTime() > deadline) {
				return remaining;
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return remaining;
			}
		}
	}

	/**
	 * One line about a stopped process.
	 * @param stopped what happened
	 * @param why why it was running, e.g. "left running by ..."
	 * @return the line
	 */
	static String describe(Stopped stopped, String why) {
		OwnedProcess process = stopped.process();
		String what = process.name() + " (pid " + process.pid() + "), " + why;
		if (!stopped.gone()) {
			return "Could not stop " + what + "; stop it by hand";
		}
		if (stopped.killed()) {
			return "Killed " + what + ": it did not stop within " + process.kind().grace().toSeconds() + " s";
		}
		return "Stopped " + what;
	}

	/**
	 * What became of a process that was found running.
	 *
	 * @param process the process
	 * @param killed whether it had to be killed after its grace period
	 * @param gone whether it has stopped
	 */
	record Stopped(OwnedProcess process, boolean killed, boolean gone) {

	}

}

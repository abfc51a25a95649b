package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process that dev-stack started and that may outlive it: enough to find it again after
 * dev-stack is gone, and to be sure that the process now behind its pid is still it.
 *
 * <p>
 * A pid alone is not enough: once the process has ended the pid can be given to any other
 * process. So a process counts as this one only when it started when this one did and its
 * command line still names the marker.
 *
 * @param kind what it is, which decides how and in which order it is stopped
 * @param name how to name it to the user, without spaces
 * @param pid the process id
 * @param startMillis when it started, in epoch milliseconds as {@link ProcessHandle.Info}
 * reports it, or {@code -1} where unknown
 * @param marker what its command line names: one of its arguments (a jar, a data
 * directory), or part of its executable's file name
 */
record OwnedProcess(Kind kind, String name, long pid, long startMillis, String marker) {

	/**
	 * Java adds the process's start tick to the boot time in {@code /proc/stat}, which
	 * moves by a second now and then; a pid given to a new process within seconds of the
	 * first one's start is not a real risk, the marker has to match too.
	 */
	static final Duration START_TOLERANCE = Duration.ofSeconds(2);

	private static final Path PROC = Path.of("/proc");

	OwnedProcess {
		if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace) || marker.isEmpty()
				|| marker.indexOf('\n') >= 0) {
			throw new IllegalArgumentException(
					"Not a name and marker for the pid file: '" + name + "', '" + marker + "'");
		}
	}

	/**
	 * Describes a running process.
	 * @param kind what it is
	 * @param name how to name it
	 * @param process the process
	 * @param marker what its command line names
	 * @return the description
	 */
	static OwnedProcess of(Kind kind, String name, ProcessHandle process, String marker) {
		long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
		return new OwnedProcess(kind, name, process.pid(), start, marker);
	}

	/**
	 * The process as one line of the pid file: {@code kind name pid start marker}, the
	 * marker last since it may hold spaces.
	 * @return the line, without a line separator
	 */
	String line() {
		return this.kind + " " + this.name + " " + this.pid + " " + this.startMillis + " " + this.marker;
	}

	/**
	 * Reads a line written by {@link #line()}.
	 * @param line the line
	 * @return the process, or empty for a blank, comment or malformed line
	 */
	static Optional<OwnedProcess> parse(String line) {
		if (line.isBlank() || line.startsWith("#")) {
			return Optional.empty();
		}
		String[] fields = line.split(" ", 5);
		if (fields.length < 5) {
			return Optional.empty();
		}
		try {
			long pid = Long.parseLong(fields[2]);
			long start = Long.parseLong(fields[3]);
			if (pid <= 0) {
				return Optional.empty();
			}
			return Optional.of(new OwnedProcess(Kind.valueOf(fields[0]), fields[1], pid, start, fields[4]));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The process, if it still runs and is still this one.
	 * @return its handle, or empty when it has ended or its pid now belongs to another
	 * process
	 */
	Optional<ProcessHandle> find() {
		return ProcessHandle.of(this.pid).filter(OwnedProcess::isRunning).filter(this::isSameAs);
	}

	/**
	 * Whether a process is this one: it started when this one did (where both are known)
	 * and its command line names the marker.
	 * @param process the process behind the pid
	 * @return true when it is this process
	 */
	boolean isSameAs(ProcessHandle process) {
		ProcessHandle.Info info = process.info();
		if (this.startMillis >= 0) {
			Optional<Instant> start = info.startInstant();
			if (start.isEmpty()
					|| Math.abs(start.get().toEpochMilli() - this.startMillis) > START_TOLERANCE.toMillis()) {
				return false;
			}
		}
		return namesMarker(info.command().orElse(""), arguments(process));
	}

	/**
	 * A process's arguments, without the executable. On Linux they are read whole from
	 * {@code /proc}: Java reads only the first 4 kB there, and a JVM's class path alone
	 * can be longer.
	 * @param process the process
	 * @return the arguments, empty where they cannot be read
	 */
	static List<String> arguments(ProcessHandle process) {
		byte[] commandLine;
		try {
			commandLine = Files.readAllBytes(PROC.resolve(Long.toString(process.pid())).resolve("cmdline"));
		}
		catch (IOException ex) {
			return process.info().arguments().map(List::of).orElse(List.of());
		}
		List<String> parts = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < commandLine.length; i++) {
			if (commandLine[i] == 0) {
				parts.add(new String(commandLine, start, i - start, StandardCharsets.UTF_8));
				start = i + 1;
			}
		}
		if (start < commandLine.length) {
			parts.add(new String(commandLine, start, commandLine.length - start, StandardCharsets.UTF_8));
		}
		return parts.isEmpty() ? List.of() : List.copyOf(parts.subList(1, parts.size()));
	}

	/**
	 * Whether a command line names the marker: as one of its arguments, the same path
	 * however written, or in its executable's file name (Redis rewrites its arguments
	 * into a title, its executable stays).
	 * @param command the executable
	 * @param arguments the arguments, without the executable
	 * @return true when it does
	 */
	boolean namesMarker(String command, List<String> arguments) {
		if (!command.isEmpty() && fileName(command).contains(this.marker)) {
			return true;
		}
		return arguments.stream().anyMatch((argument) -> isSamePath(argument, this.marker));
	}

	private static String fileName(String command) {
		int slash = command.lastIndexOf('/');
		return (slash >= 0) ? command.substring(slash + 1) : command;
	}

	private static boolean isSamePath(String argument, String marker) {
		if (argument.equals(marker)) {
			return true;
		}
		if (!argument.startsWith("/") || !marker.startsWith("/")) {
			return false;
		}
		try {
			Path path = Path.of(argument);
			Path markerPath = Path.of(marker);
			if (path.normalize().equals(markerPath.normalize())) {
				return true;
			}
			// the same directory reached through a symbolic link
			return Files.exists(path) && Files.exists(markerPath) && Files.isSameFile(path, markerPath);
		}
		catch (InvalidPathException | IOException ex) {
			return false;
		}
	}

	/**
	 * Whether a process still runs. Java counts a process that has ended but is not
	 * reaped yet (a zombie) as alive; once dev-stack is gone its children's new parent
	 * may reap them late or never, so on Linux the state in {@code /proc} decides.
	 * @param process the process
	 * @return true while it runs
	 */
	static boolean isRunning(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		try {
			String stat = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("stat"));
			// "pid (command) state ...": the command may hold spaces and parentheses
			int end = stat.lastIndexOf(')');
			char state = stat.charAt(end + 2);
			return state != 'Z' && state != 'X';
		}
		catch (NoSuchFileException ex) {
			// no /proc (macOS) leaves Java's answer; with /proc, the process has gone
			return !Files.isDirectory(PROC.resolve("self")) && process.isAlive();
		}
		catch (IOException | RuntimeException ex) {
			return process.isAlive();
		}
	}

	/**
	 * What a process is; the order is the order of stopping, that of dev-stack's own
	 * stop: the services before what they use.
	 */
	enum Kind {

		/** A service's JVM, stopped with SIGTERM for a graceful shutdown. */
		SERVICE(Duration.ofSeconds(10)),

		/** redis-server, stopped with SIGTERM. */
		REDIS(Duration.ofSeconds(5)),

		/**
		 * The postmaster, stopped with SIGINT: Postgres' fast shutdown, which does not
		 * wait for clients to disconnect as SIGTERM's smart shutdown does.
		 */
		POSTGRES(Duration.ofSeconds(10));

		private final Duration grace;

		Kind(Duration grace) {
			this.grace = grace;
		}

		/**
		 * How long it may take to stop before it is killed.
		 * @return the grace period
		 */
		Duration grace() {
			return this.grace;
		}

	}

}

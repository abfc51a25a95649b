package com.pixelgram.devstack;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes down each process dev-stack starts that could outlive it, twice: to the
 * {@link Watchdog}, which stops them as soon as dev-stack ends without doing so itself,
 * and to a pid file in the data directory, which the next start reads ({@link Leftovers})
 * should the watchdog have been killed too.
 */
final class ProcessLedger {

	/** The pid file, in the data directory. */
	static final String FILE_NAME = "dev-stack.pids";

	private static final String HEADER = "# What the running dev-stack started (kind name pid start-epoch-ms marker);"
			+ " the next start stops what still runs of it." + System.lineSeparator();

	private final Path file;

	private final PrintStream out;

	/**
	 * Held as long as dev-stack runs: the watchdog acts when its standard input ends, and
	 * closing this process's stream, which its garbage collection would do, ends it.
	 */
	private final Process watchdog;

	private Writer toWatchdog;

	private ProcessLedger(Path file, Process watchdog, PrintStream out) {
		this.file = file;
		this.watchdog = watchdog;
		this.toWatchdog = (watchdog != null)
				? new OutputStreamWriter(watchdog.getOutputStream(), StandardCharsets.UTF_8) : null;
		this.out = out;
	}

	/**
	 * Starts the watchdog and a new pid file. Call it once whatever an earlier dev-stack
	 * left has been stopped: the file it wrote is replaced.
	 * @param dataDirectory the data directory
	 * @param watchdogCommand how to start the watchdog ({@link Watchdog#command})
	 * @param out where to report a watchdog that could not start
	 * @return the ledger
	 * @throws IOException if the pid file cannot be written
	 */
	static ProcessLedger start(Path dataDirectory, List<String> watchdogCommand, PrintStream out) throws IOException {
		Path file = dataDirectory.resolve(FILE_NAME);
		Files.createDirectories(dataDirectory);
		Files.writeString(file, HEADER, StandardCharsets.UTF_8);
		Process watchdog = null;
		try {
			// its lines go where dev-stack's go, for they are about dev-stack's processes
			watchdog = new ProcessBuilder(watchdogCommand).redirectOutput(ProcessBuilder.Redirect.INHERIT)
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
		}
		catch (IOException ex) {
			out.println("Could not start dev-stack's watchdog (" + ex.getMessage()
					+ "); should dev-stack be killed, its next start stops what it left running");
		}
		return new ProcessLedger(file, watchdog, out);
	}

	/**
	 * Writes a started process down.
	 * @param process the process
	 */
	synchronized void record(OwnedProcess process) {
		String line = process.line() + System.lineSeparator();
		try {
			Files.writeString(this.file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			this.out.println("Could not write " + process.name() + " to " + this.file + ": " + ex.getMessage());
		}
		if (!tellWatchdog(line)) {
			this.out.println(
					"dev-stack's watchdog has gone; should dev-stack be killed, its next start stops what it left running");
		}
	}

	private boolean tellWatchdog(String line) {
		if (this.toWatchdog == null) {
			return false;
		}
		try {
			this.toWatchdog.write(line);
			this.toWatchdog.flush();
			return true;
		}
		catch (IOException ex) {
			this.toWatchdog = null;
			return false;
		}
	}

	/**
	 * The watchdog's process id, for the memory report.
	 * @return the pid, or empty when the watchdog did not start
	 */
	OptionalLong watchdogPid() {
		return (this.watchdog != null) ? OptionalLong.of(this.watchdog.pid()) : OptionalLong.empty();
	}

	/**
	 * Forgets everything once dev-stack has stopped it all itself: the next start has
	 * nothing to look for, and the watchdog nothing to do when dev-stack exits.
	 */
	synchronized void clear() {
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			// the next start finds nothing running under these pids
		}
		// a watchdog that has gone has nothing to be told
		tellWatchdog(Watchdog.ALL_STOPPED + System.lineSeparator());
	}

}

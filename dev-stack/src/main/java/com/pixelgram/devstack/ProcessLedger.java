package com.pixelgram.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes down each process dev-stack starts that could outlive it in a pid file in the
 * data directory, which the next start reads ({@link Leftovers}) should dev-stack be
 * killed before it could stop them.
 */
final class ProcessLedger {

	/** The pid file, in the data directory. */
	static final String FILE_NAME = "dev-stack.pids";

	private static final String HEADER = "# What the running dev-stack started (kind name pid start-epoch-ms marker);"
			+ " the next start stops what still runs of it." + System.lineSeparator();

	private final Path file;

	private final PrintStream out;

	private ProcessLedger(Path file, PrintStream out) {
		this.file = file;
		this.out = out;
	}

	/**
	 * Starts a new pid file. Call it once whatever an earlier dev-stack left has been
	 * stopped: the file it wrote is replaced.
	 * @param dataDirectory the data directory
	 * @param out where to report a process that could not be written down
	 * @return the ledger
	 * @throws IOException if the pid file cannot be written
	 */
	static ProcessLedger start(Path dataDirectory, PrintStream out) throws IOException {
		Path file = dataDirectory.resolve(FILE_NAME);
		Files.createDirectories(dataDirectory);
		Files.writeString(file, HEADER, StandardCharsets.UTF_8);
		return new ProcessLedger(file, out);
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
	}

	/**
	 * Forgets everything once dev-stack has stopped it all itself: the next start has
	 * nothing to look for.
	 */
	synchronized void clear() {
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			// the next start finds nothing running under these pids
		}
	}

}

package com.pixelgram.devstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small process that dev-stack starts beside itself and that stops what dev-stack
 * started once dev-stack is gone, however it went: a SIGKILL runs no shutdown hook, and
 * the postmaster, redis-server and the services' JVMs would run on.
 *
 * <p>
 * dev-stack writes each process it starts to the watchdog's standard input (a line of
 * {@link OwnedProcess#line()}). The operating system closes that pipe when dev-stack
 * ends, and only then: the end of input is the signal, with no polling and no pid of
 * dev-stack's to be reused. The watchdog then stops, in order, each process that still
 * runs and is still the one recorded, and exits. Once dev-stack has stopped everything
 * itself it writes {@link #ALL_STOPPED}, and the watchdog exits with it, quietly.
 */
final class Watchdog {

	/** The argument of dev-stack's main that runs the watchdog instead. */
	static final String ARGUMENT = "--watchdog";

	/**
	 * What dev-stack writes once it has stopped everything itself. Without it, a process
	 * still on its way out when dev-stack exits (a postmaster finishing its shutdown)
	 * would be stopped again and reported as left running.
	 */
	static final String ALL_STOPPED = "ALL-STOPPED";

	/** A JVM that reads a pipe and stops a few processes: small, and quick to start. */
	static final List<String> JAVA_OPTIONS = List.of("-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	private Watchdog() {
	}

	/**
	 * Runs the watchdog.
	 * @param args dev-stack's process id, to name it
	 */
	public static void main(String[] args) {
		outliveSignals(Thread.currentThread());
		String launcher = (args.length > 0) ? args[0] : "?";
		List<OwnedProcess> processes = readUntilEnd(System.in);
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		Leftovers.stop(processes, (stopped) -> out.println("dev-stack watchdog: "
				+ Leftovers.describe(stopped, "which dev-stack (pid " + launcher + ") left running when it ended")));
	}

	/**
	 * The command that starts a watchdog from dev-stack's own class path.
	 * @param java the java executable
	 * @param classPath dev-stack's {@code java.class.path}
	 * @param launcherPid dev-stack's process id, given since dev-stack may be gone before
	 * the watchdog could ask for its parent
	 * @return the command
	 */
	static List<String> command(String java, String classPath, long launcherPid) {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(JAVA_OPTIONS);
		// java -jar puts exactly the jar on the class path; its classes are nested in it
		// (Spring Boot's layout), so only its launcher can load them.
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.addAll(List.of("-jar", classPath, ARGUMENT, Long.toString(launcherPid)));
		}
		else {
			command.addAll(List.of("-cp", classPath, Watchdog.class.getName(), Long.toString(launcherPid)));
		}
		return command;
	}

	/**
	 * Reads the processes until the input ends.
	 * @param input what dev-stack writes
	 * @return the processes recorded since dev-stack last stopped everything itself
	 */
	static List<OwnedProcess> readUntilEnd(InputStream input) {
		List<OwnedProcess> processes = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.equals(ALL_STOPPED)) {
					processes.clear();
				}
				OwnedProcess.parse(line).ifPresent(processes::add);
			}
		}
		catch (IOException ex) {
			// a broken pipe ends the input as surely as a closed one
		}
		return processes;
	}

	private static void outliveSignals(Thread watching) {
		// Ctrl-C and a closed terminal signal the whole foreground process group, this
		// process too, and the watchdog has to outlive dev-stack's own stop, should a
		// SIGKILL cut that short (an IDE's stop button escalates after a few seconds).
		// The JVM's shutdown waits for its hooks, and this one for the watchdog's work.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				watching.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "watchdog-outlives-signals"));
	}

}

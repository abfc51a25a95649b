package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One service running in its own JVM, its output going to a log file.
 */
final class ServiceProcess {

	private final ServiceSpec spec;

	private final Process process;

	private final Path log;

	private ServiceProcess(ServiceSpec spec, Process process, Path log) {
		this.spec = spec;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code java <options> -jar <jar> <arguments>} in the repository root.
	 * @param spec the service
	 * @param java the java executable
	 * @param javaOptions the JVM options
	 * @param repositoryRoot the working directory and where the jar is found
	 * @param log the file that receives stdout and stderr, truncated first
	 * @return the running process
	 * @throws IOException if the process cannot be started
	 */
	static ServiceProcess start(ServiceSpec spec, String java, List<String> javaOptions, Path repositoryRoot, Path log)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(javaOptions);
		command.add("-jar");
		command.add(spec.jar(repositoryRoot).toString());
		command.addAll(spec.arguments());
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).directory(repositoryRoot.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new ServiceProcess(spec, process, log);
	}

	ServiceSpec spec() {
		return this.spec;
	}

	String name() {
		return this.spec.name();
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	int exitValue() {
		return this.process.exitValue();
	}

	Path log() {
		return this.log;
	}

	Process process() {
		return this.process;
	}

	/**
	 * The end of the log, to show why a service died.
	 * @param count how many lines at most
	 * @return the last lines
	 */
	List<String> lastLogLines(int count) {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return lines.subList(Math.max(0, lines.size() - count), lines.size());
		}
		catch (IOException ex) {
			return List.of("(could not read " + this.log + ": " + ex.getMessage() + ")");
		}
	}

	/**
	 * Asks the JVM to shut down gracefully and kills it, and anything it started, if it
	 * has not within the grace period.
	 * @param grace how long a graceful shutdown may take
	 */
	void stop(Duration grace) {
		// Children are collected first: once the JVM is gone they are reparented and can
		// no longer be found through it.
		List<ProcessHandle> descendants = this.process.descendants().toList();
		this.process.destroy();
		try {
			this.process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		catch (ExecutionException ex) {
			this.process.destroyForcibly();
		}
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

}

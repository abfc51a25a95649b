package com.pixelgram.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' promtool, run as a process: the PROMTOOL environment variable names it, or
 * it is found on the PATH. Without it the tests that need it are skipped, so that
 * {@code ./mvnw verify} passes on a machine with only a JDK, except under CI (the
 * {@code CI} environment variable set, as {@code .ci/run} and CI services do), where they
 * fail: CI must never skip the alert rules' tests silently.
 */
final class Promtool {

	static final String INSTALL = "promtool is missing: install Prometheus' tools (Debian/Ubuntu: "
			+ "sudo apt-get update && sudo apt-get install -y prometheus; elsewhere the prometheus release "
			+ "archive from https://prometheus.io/download/), or name the binary in the PROMTOOL environment variable";

	private Promtool() {
	}

	/**
	 * Runs promtool in a directory.
	 * @param directory where it runs (rule files are named relative to it)
	 * @param arguments its arguments
	 * @return its exit code and output
	 */
	static Result run(Path directory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(executable());
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("promtool " + String.join(" ", arguments) + " did not finish");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String executable() {
		return locate(System.getenv());
	}

	/**
	 * Finds promtool as {@link #run} does.
	 * @param environment the environment variables ({@code PROMTOOL}, {@code PATH},
	 * {@code CI})
	 * @return the path of the executable
	 * @throws org.opentest4j.TestAbortedException when it is missing outside CI: the
	 * calling test is skipped
	 * @throws IllegalStateException when it is missing under CI, or PROMTOOL names no
	 * executable
	 */
	static String locate(Map<String, String> environment) {
		String configured = environment.get("PROMTOOL");
		if (configured != null && !configured.isBlank()) {
			if (!Files.isExecutable(Path.of(configured))) {
				throw new IllegalStateException("PROMTOOL=" + configured + " is not an executable. " + INSTALL);
			}
			return configured;
		}
		String path = environment.getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "promtool"))) {
				return Path.of(directory, "promtool").toString();
			}
		}
		if (underCi(environment)) {
			throw new IllegalStateException(INSTALL + ". CI is set, so the alert rules' tests fail instead of being "
					+ "skipped (.ci/run installs promtool)");
		}
		return Assumptions.abort(INSTALL + ". Skipped: the alert rules are not checked on this machine");
	}

	/** Whether CI is set, to anything but {@code false}. */
	private static boolean underCi(Map<String, String> environment) {
		String ci = environment.get("CI");
		return ci != null && !ci.isBlank() && !ci.strip().equalsIgnoreCase("false");
	}

	/**
	 * What a run of promtool gave.
	 *
	 * @param exitCode its exit code
	 * @param output standard output and error, together
	 */
	record Result(int exitCode, String output) {

	}

}

package com.pixelgram.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' promtool, run as a process: the PROMTOOL environment variable names it, or
 * it is found on the PATH.
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
		String configured = System.getenv("PROMTOOL");
		if (configured != null && !configured.isBlank()) {
			if (!Files.isExecutable(Path.of(configured))) {
				throw new IllegalStateException("PROMTOOL=" + configured + " is not an executable. " + INSTALL);
			}
			return configured;
		}
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "promtool"))) {
				return Path.of(directory, "promtool").toString();
			}
		}
		throw new IllegalStateException(INSTALL);
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

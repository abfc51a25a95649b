package com.pixelgram.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * dev-stack started as a developer starts it
 * ({@code java -jar dev-stack/target/dev-stack.jar}), for the suites that run the product
 * in processes of its own (end-to-end and chaos): the repository's root, a clean data
 * directory, and the wait for the line that says the stack is up. Plain JDK only, so that
 * a module can use it without Spring.
 */
public final class DevStackProcess {

	private static final String PREFIX = "[dev-stack] ";

	private DevStackProcess() {
	}

	/**
	 * Starts dev-stack and waits until it prints a line starting with {@code readyLine};
	 * its output is echoed until then.
	 * @param root the repository's root
	 * @param arguments dev-stack's arguments
	 * @param environment variables added to the process's environment
	 * @param readyLine the start of the line that says it is up
	 * @param timeout how long to wait for it
	 * @param echoAfterReady whether to go on echoing the output once up (it is drained
	 * either way, so the stack never blocks on a full pipe)
	 * @return the running process
	 * @throws IllegalStateException when the jar is missing or the stack is not up in
	 * time (the process is then stopped)
	 */
	public static Process start(Path root, List<String> arguments, Map<String, String> environment, String readyLine,
			Duration timeout, boolean echoAfterReady) {
		Path jar = root.resolve("dev-stack/target/dev-stack.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run ./mvnw verify from the repository root");
		}
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-jar", jar.toString()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start dev-stack", ex);
		}
		List<String> output = new ArrayList<>();
		boolean ready;
		try {
			ready = CompletableFuture.supplyAsync(() -> awaitLine(process, readyLine, output, echoAfterReady))
				.get(timeout.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			ready = false;
		}
		if (!ready) {
			stop(process, Duration.ofSeconds(30));
			throw new IllegalStateException("dev-stack did not start:\n" + String.join("\n", output));
		}
		return process;
	}

	/**
	 * Stops a process: politely, then, with its children, by force after the grace
	 * period.
	 */
	public static void stop(Process process, Duration grace) {
		process.destroy();
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	/** The repository's root: the nearest directory up from here holding {@code mvnw}. */
	public static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException("not inside the repository");
		}
		return directory;
	}

	/** Deletes a directory and everything in it; nothing when it does not exist. */
	public static void deleteRecursively(Path directory) {
		if (directory == null || !Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot clean " + directory, ex);
		}
	}

	private static boolean awaitLine(Process process, String readyLine, List<String> output, boolean echoAfterReady) {
		// Not closed here: once the stack is up, a daemon thread keeps reading it.
		BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		try {
			String line;
			while ((line = lines.readLine()) != null) {
				output.add(line);
				System.out.println(PREFIX + line);
				if (line.startsWith(readyLine)) {
					Thread drain = new Thread(() -> drain(lines, echoAfterReady), "dev-stack-output");
					drain.setDaemon(true);
					drain.start();
					return true;
				}
			}
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void drain(BufferedReader lines, boolean echo) {
		try {
			lines.lines().forEach((line) -> {
				if (echo) {
					System.out.println(PREFIX + line);
				}
			});
		}
		catch (UncheckedIOException ex) {
			// dev-stack stopped
		}
	}

}

package com.pixelgram.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole suite, started once for every end-to-end test class exactly as a developer
 * starts it ({@code java -jar dev-stack/target/dev-stack.jar}): each service in its own
 * JVM on embedded Postgres, Redis, ElasticMQ and S3Proxy. Its ports are moved by
 * {@link #PORT_OFFSET} and its data lives under {@code target/}, so a developer's running
 * stack is left alone.
 */
public final class PixelgramStack implements BeforeAllCallback {

	static final int PORT_OFFSET = 200;

	static final int GATEWAY_PORT = 8080 + PORT_OFFSET;

	static final int S3_PORT = 19000 + PORT_OFFSET;

	/** Where dev-stack's GreenMail serves the mail it received over IMAP. */
	static final int IMAP_PORT = 13143 + PORT_OFFSET;

	/**
	 * user-service's and the gateway's Actuator ports, for their Prometheus endpoints:
	 * dev-stack puts each service's Actuator 10,000 above its API port.
	 */
	static final int USER_SERVICE_MANAGEMENT_PORT = 8081 + 10_000 + PORT_OFFSET;

	static final int GATEWAY_MANAGEMENT_PORT = 8080 + 10_000 + PORT_OFFSET;

	// generous: on a loaded 2-core machine five JVMs and Postgres take minutes to start
	private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.getOrComputeIfAbsent(Running.class, (key) -> Running.start(), Running.class);
	}

	/** The gateway's base URL. */
	static String gateway() {
		return "http://127.0.0.1:" + GATEWAY_PORT;
	}

	/**
	 * The running dev-stack process; closed (Ctrl-C, in effect) when every test has run.
	 */
	static final class Running implements ExtensionContext.Store.CloseableResource {

		private final Process process;

		private Running(Process process) {
			this.process = process;
		}

		static final int LIKE_LIMIT = 20;

		static Running start() {
			Path root = repositoryRoot();
			Path jar = root.resolve("dev-stack/target/dev-stack.jar");
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: run ./mvnw verify from the repository root");
			}
			Path data = root.resolve("e2e-tests/target/e2e-data");
			deleteRecursively(data);
			String java = ProcessHandle.current().info().command().orElse("java");
			ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(),
					"--port-offset=" + PORT_OFFSET, "--data-dir=" + data, "--timeout=" + START_TIMEOUT.toSeconds())
				.directory(root.toFile())
				.redirectErrorStream(true);
			// A like limit low enough for one test to reach (the default is 1,000 an
			// hour); every other rule keeps its production value.
			builder.environment()
				.put("SPRING_APPLICATION_JSON",
						"{\"pixelgram\":{\"gateway\":{\"rate-limit\":{\"rules\":{\"like\":{\"limit\":" + LIKE_LIMIT
								+ "}}}}}}");
			try {
				Process process = builder.start();
				List<String> output = new ArrayList<>();
				CompletableFuture<Boolean> up = CompletableFuture.supplyAsync(() -> awaitUp(process, output));
				boolean ready = up.get(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
				if (!ready) {
					process.destroy();
					throw new IllegalStateException("dev-stack did not start:\n" + String.join("\n", output));
				}
				return new Running(process);
			}
			catch (Exception ex) {
				throw new IllegalStateException("could not start the stack", ex);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}

		private static boolean awaitUp(Process process, List<String> output) {
			// Not closed here: once the stack is up, a daemon thread keeps reading it.
			BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			try {
				String line;
				while ((line = lines.readLine()) != null) {
					output.add(line);
					System.out.println("[dev-stack] " + line);
					if (line.startsWith("Pixelgram is up")) {
						// Keep draining, so the stack never blocks on a full pipe.
						Thread drain = new Thread(() -> lines.lines().forEach((rest) -> {
						}), "dev-stack-output");
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

	}

	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException("not inside the repository");
		}
		return directory;
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot clean " + directory, ex);
		}
	}

}

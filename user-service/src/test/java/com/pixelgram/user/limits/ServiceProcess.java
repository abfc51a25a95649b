package com.pixelgram.user.limits;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.user.UserServiceApplication;

/**
 * user-service in a JVM of its own, with a heap as small as a container's, on the test's
 * real Postgres, Redis and SQS: what a burst does to the heap shows there and nowhere
 * else (the test JVM's heap is gigabytes).
 */
final class ServiceProcess implements AutoCloseable {

	private static final Pattern HEAP_USED = Pattern
		.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$", Pattern.MULTILINE);

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ServiceProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts the service with this maximum heap and these extra properties. */
	static ServiceProcess start(String hint, String maxHeap, Map<String, String> extra) throws Exception {
		Map<String, String> properties = new LinkedHashMap<>();
		TestInfrastructure.shardMap((name, value) -> properties.put(name, String.valueOf(value.get())), hint, 8, 2);
		TestInfrastructure.redis((name, value) -> properties.put(name, String.valueOf(value.get())), hint);
		TestInfrastructure.sqs((name, value) -> properties.put(name, String.valueOf(value.get())), hint);
		int port = freePort();
		properties.put("server.port", Integer.toString(port));
		properties.put("pixelgram.events.relay.enabled", "false");
		properties.put("pixelgram.security.internal-token", "internal-test-token");
		properties.put("logging.structured.format.console", "");
		properties.putAll(extra);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + maxHeap);
		command.add("-XX:+UseSerialGC");
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(UserServiceApplication.class.getName());
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		Path log = Files.createTempFile(new File("target").toPath().toAbsolutePath(), "user-service-" + hint, ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ServiceProcess service = new ServiceProcess(process, port, log);
		service.awaitReady(Duration.ofMinutes(3));
		return service;
	}

	int port() {
		return this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** The heap in use now, from the service's own Prometheus meters. */
	long heapUsed() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		long used = 0;
		Matcher matcher = HEAP_USED.matcher(response.body());
		while (matcher.find()) {
			used += (long) Double.parseDouble(matcher.group(1));
		}
		return used;
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private void awaitReady(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("user-service exited during start:\n" + logTail());
			}
			try {
				HttpResponse<String> response = this.client.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		close();
		throw new IllegalStateException("user-service did not get ready:\n" + logTail());
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

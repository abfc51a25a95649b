package com.pixelgram.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers {@code /actuator/health/readiness} with a chosen
 * status, for running the images' health check command against it.
 */
final class ReadinessStub implements AutoCloseable {

	private final HttpServer server;

	private ReadinessStub(HttpServer server) {
		this.server = server;
	}

	static ReadinessStub answering(int status) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/actuator/health/readiness", (exchange) -> {
				byte[] body = ((status == 200) ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(status, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return new ReadinessStub(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	static boolean bashAvailable() {
		return Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash"));
	}

	/**
	 * Runs a health check command as Docker would in the container, with
	 * {@code SERVER_PORT} in its environment and no {@code MANAGEMENT_SERVER_PORT}.
	 * @param command {@code bash}, {@code -c} and the script
	 * @param serverPort the value of {@code SERVER_PORT}
	 * @return the exit code: 0 is healthy
	 */
	static int run(List<String> command, int serverPort) {
		return run(command, serverPort, null);
	}

	/**
	 * Runs a health check command as Docker would in the container, with
	 * {@code SERVER_PORT} and {@code MANAGEMENT_SERVER_PORT} in its environment.
	 * @param command {@code bash}, {@code -c} and the script
	 * @param serverPort the value of {@code SERVER_PORT}
	 * @param managementServerPort the value of {@code MANAGEMENT_SERVER_PORT}, or
	 * {@code null} to leave it unset
	 * @return the exit code: 0 is healthy
	 */
	static int run(List<String> command, int serverPort, Integer managementServerPort) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("SERVER_PORT", Integer.toString(serverPort));
		if (managementServerPort != null) {
			builder.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(managementServerPort));
		}
		else {
			builder.environment().remove("MANAGEMENT_SERVER_PORT");
		}
		try {
			Process process = builder.start();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("The health check did not finish within 10 s: " + command);
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

package com.pixelgram.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a downstream service: records what reaches it and answers 200 with
 * {@code {"service": name}}, optionally after a delay. Not {@link AutoCloseable} on
 * purpose: JUnit closes such parameters after each parameterized invocation.
 */
public final class StubService {

	private final String name;

	private final Duration delay;

	private final HttpServer server;

	private final ExecutorService executor;

	private final Queue<RecordedRequest> received = new ConcurrentLinkedQueue<>();

	private StubService(String name, Duration delay) {
		this.name = name;
		this.delay = delay;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "stub-" + name);
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static StubService start(String name) {
		return new StubService(name, Duration.ZERO);
	}

	/** A service that holds every request for {@code delay} before it answers. */
	public static StubService slow(String name, Duration delay) {
		return new StubService(name, delay);
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String name() {
		return this.name;
	}

	public List<RecordedRequest> received() {
		return new ArrayList<>(this.received);
	}

	/** Requests that reached this service with exactly this path (and query). */
	public List<RecordedRequest> received(String pathAndQuery) {
		return this.received.stream().filter((request) -> request.path().equals(pathAndQuery)).toList();
	}

	/**
	 * The one request that reached this service with this path and {@code X-Request-Id}:
	 * tests share the stand-ins, so a test finds its own request by the ID it sent.
	 */
	public RecordedRequest receivedOnce(String pathAndQuery, String requestId) {
		List<RecordedRequest> matching = received(pathAndQuery).stream()
			.filter((request) -> requestId.equals(request.header("X-Request-Id")))
			.toList();
		if (matching.size() != 1) {
			throw new AssertionError(this.name + " received " + matching.size() + " requests " + pathAndQuery
					+ " with X-Request-Id " + requestId + ", expected one");
		}
		return matching.get(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		long bodyBytes;
		try (InputStream body = exchange.getRequestBody()) {
			bodyBytes = body.transferTo(OutputStream.nullOutputStream());
		}
		Map<String, List<String>> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((header, values) -> headers.put(header.toLowerCase(Locale.ROOT), List.copyOf(values)));
		String query = exchange.getRequestURI().getRawQuery();
		String path = exchange.getRequestURI().getRawPath() + ((query != null) ? "?" + query : "");
		this.received.add(new RecordedRequest(exchange.getRequestMethod(), path, headers, bodyBytes));
		if (!this.delay.isZero()) {
			try {
				Thread.sleep(this.delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] response = ("{\"service\":\"" + this.name + "\"}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		try {
			exchange.sendResponseHeaders(200, response.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
		catch (IOException ex) {
			// the gateway gave up on a slow answer and closed the connection
		}
	}

	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** What a stand-in received. Header names are lower case. */
	public record RecordedRequest(String method, String path, Map<String, List<String>> headers, long bodyBytes) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

	}

}

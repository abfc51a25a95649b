package com.pixelgram.feed.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for another service's internal API on the JDK's HTTP server: checks the
 * internal token, records every call, answers what the test's in-memory data says.
 */
abstract class StubServer implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final String internalToken;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private volatile boolean down;

	StubServer(String internalToken) {
		this.internalToken = internalToken;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** Every call so far, as {@code path?query} (decoded). */
	public List<String> calls() {
		return List.copyOf(this.calls);
	}

	/** Calls so far whose path starts with the prefix. */
	public List<String> callsTo(String pathPrefix) {
		return this.calls.stream().filter((call) -> call.startsWith(pathPrefix)).toList();
	}

	/** Whether the service answers 503 to everything. */
	public void down(boolean down) {
		this.down = down;
	}

	/** The answer to a call; {@code null} for 404. */
	abstract Object answer(String path, Map<String, String> query);

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String rawQuery = exchange.getRequestURI().getRawQuery();
			Map<String, String> query = parse(rawQuery);
			this.calls.add(path + ((rawQuery != null) ? "?" + decode(rawQuery) : ""));
			if (!this.internalToken.equals(exchange.getRequestHeaders().getFirst("X-Internal-Token"))) {
				send(exchange, 403, Map.of("title", "Forbidden"));
				return;
			}
			if (this.down) {
				send(exchange, 503, Map.of("title", "Service unavailable"));
				return;
			}
			Object answer;
			try {
				answer = answer(path, query);
			}
			catch (StubFailure ex) {
				send(exchange, 500, Map.of("title", ex.getMessage()));
				return;
			}
			if (answer == null) {
				send(exchange, 404, Map.of("title", "Not found"));
				return;
			}
			send(exchange, 200, answer);
		}
	}

	private static void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> parse(String rawQuery) {
		Map<String, String> query = new HashMap<>();
		if (rawQuery != null) {
			Arrays.stream(rawQuery.split("&")).forEach((pair) -> {
				String[] parts = pair.split("=", 2);
				query.put(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
			});
		}
		return query;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	static List<Long> ids(String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isBlank()) {
			return List.of();
		}
		return Arrays.stream(commaSeparated.split(",")).map(Long::valueOf).toList();
	}

	/** Makes the stub answer 500 to one call. */
	static class StubFailure extends RuntimeException {

		StubFailure(String message) {
			super(message);
		}

	}

}

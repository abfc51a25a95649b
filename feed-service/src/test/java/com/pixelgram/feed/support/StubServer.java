package com.pixelgram.feed.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;

/**
 * A stand-in for another service's internal API on WireMock: answers only calls that
 * carry the internal token (403 otherwise), answers them from what the test's in-memory
 * data says, and keeps every call in WireMock's request journal.
 */
abstract class StubServer implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireMockServer server;

	private final String internalToken;

	private volatile StubMapping down;

	StubServer(String internalToken) {
		this.internalToken = internalToken;
		this.server = new WireMockServer(
				WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().extensions(new Answers()));
		this.server.start();
		this.server.stubFor(any(anyUrl()).atPriority(5)
			.withHeader("X-Internal-Token", equalTo(internalToken))
			.willReturn(aResponse().withTransformers(Answers.NAME)));
		this.server.stubFor(any(anyUrl()).atPriority(10).willReturn(json(403, Map.of("title", "Forbidden"))));
	}

	public String uri() {
		return this.server.baseUrl();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	/**
	 * Every call so far, as {@code path?query} (decoded), oldest first (as the journal
	 * lists them).
	 */
	public List<String> calls() {
		return this.server.findAll(anyRequestedFor(anyUrl()))
			.stream()
			.map((request) -> decode(request.getUrl()))
			.toList();
	}

	/** Calls so far whose path starts with the prefix. */
	public List<String> callsTo(String pathPrefix) {
		return calls().stream().filter((call) -> call.startsWith(pathPrefix)).toList();
	}

	/** Whether the service answers 503 to every call with the token. */
	public synchronized void down(boolean down) {
		if (down && this.down == null) {
			this.down = this.server.stubFor(any(anyUrl()).atPriority(1)
				.withHeader("X-Internal-Token", equalTo(this.internalToken))
				.willReturn(json(503, Map.of("title", "Service unavailable"))));
		}
		else if (!down && this.down != null) {
			this.server.removeStub(this.down);
			this.down = null;
		}
	}

	/** The answer to a call; {@code null} for 404. */
	abstract Object answer(String path, Map<String, String> query);

	private static ResponseDefinitionBuilder json(int status, Object body) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(JSON.writeValueAsBytes(body));
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

	/**
	 * What {@link #answer} says to a call that carries the token: 200 with the answer,
	 * 404 for none, 500 for a {@link StubFailure}.
	 */
	private final class Answers implements ResponseDefinitionTransformerV2 {

		static final String NAME = "in-memory-answers";

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			String url = event.getRequest().getUrl();
			int mark = url.indexOf('?');
			String path = (mark < 0) ? url : url.substring(0, mark);
			Map<String, String> query = parse((mark < 0) ? null : url.substring(mark + 1));
			Object answer;
			try {
				answer = answer(path, query);
			}
			catch (StubFailure ex) {
				return json(500, Map.of("title", ex.getMessage())).build();
			}
			return (answer != null) ? json(200, answer).build() : json(404, Map.of("title", "Not found")).build();
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

	/** Makes the stub answer 500 to one call. */
	static class StubFailure extends RuntimeException {

		StubFailure(String message) {
			super(message);
		}

	}

}

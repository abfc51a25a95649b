package com.pixelgram.feed.support;

import com.pixelgram.testsupport.TestJwks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A real HTTP client of the service under test (the JDK's), keeping every reply instead
 * of throwing on 4xx and 5xx.
 */
public final class FeedClient {

	private final RestClient client;

	private final TestJwks tokens;

	public FeedClient(int port, TestJwks tokens) {
		this.client = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://127.0.0.1:" + port)
			.build();
		this.tokens = tokens;
	}

	/** {@code GET /v1/feed<query>} as the viewer. */
	public FeedReply feed(long viewerId, String query) {
		return get("/v1/feed" + query, this.tokens.token(viewerId));
	}

	/** A GET, with a bearer token when one is given. */
	public FeedReply get(String path, String token) {
		RestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		return request.exchange((clientRequest, response) -> {
			try (InputStream body = response.getBody()) {
				return new FeedReply(response.getStatusCode().value(), HttpHeaders.copyOf(response.getHeaders()),
						new String(body.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}

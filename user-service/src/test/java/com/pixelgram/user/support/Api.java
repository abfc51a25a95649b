package com.pixelgram.user.support;

import com.pixelgram.testsupport.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A real HTTP client of the service under test (the JDK's, which never retries by
 * itself), keeping every reply instead of throwing on 4xx and 5xx.
 */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient client;

	private final String baseUrl;

	public Api(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();
	}

	/** A query parameter value, percent-encoded (paths are sent exactly as given). */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A JSON object of name/value pairs, in order. */
	public static String json(Object... pairs) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			object.put((String) pairs[i], pairs[i + 1]);
		}
		return JSON.writeValueAsString(object);
	}

	public HttpReply get(String path, String token) {
		return send(HttpMethod.GET, path, null, token, Map.of());
	}

	public HttpReply post(String path, String body, String token) {
		return send(HttpMethod.POST, path, body, token, Map.of());
	}

	public HttpReply put(String path, String body, String token) {
		return send(HttpMethod.PUT, path, body, token, Map.of());
	}

	public HttpReply delete(String path, String token) {
		return send(HttpMethod.DELETE, path, null, token, Map.of());
	}

	public HttpReply send(HttpMethod method, String path, String body, String token, Map<String, String> headers) {
		RestClient.RequestBodySpec request = this.client.method(method).uri(URI.create(this.baseUrl + path));
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		headers.forEach(request::header);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange((clientRequest, response) -> {
			try (InputStream stream = response.getBody()) {
				return new HttpReply(response.getStatusCode().value(), HttpHeaders.copyOf(response.getHeaders()),
						new String(stream.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}

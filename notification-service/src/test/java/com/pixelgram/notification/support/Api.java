package com.pixelgram.notification.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A real HTTP client of the service under test, keeping every reply instead of throwing
 * on 4xx and 5xx.
 */
public final class Api {

	private final RestClient client;

	private final String baseUrl;

	public Api(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();
	}

	public HttpReply get(String path, String token) {
		return send(HttpMethod.GET, path, null, token);
	}

	public HttpReply post(String path, String body, String token) {
		return send(HttpMethod.POST, path, body, token);
	}

	public HttpReply put(String path, String body, String token) {
		return send(HttpMethod.PUT, path, body, token);
	}

	public HttpReply delete(String path, String token) {
		return send(HttpMethod.DELETE, path, null, token);
	}

	public HttpReply send(HttpMethod method, String path, String body, String token) {
		RestClient.RequestBodySpec request = this.client.method(method).uri(URI.create(this.baseUrl + path));
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
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

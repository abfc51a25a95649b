package com.pixelgram.security;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * Adds {@code X-Internal-Token} to the calls a service makes to another service's
 * {@code /internal/**} endpoints: {@code RestClient.builder().requestInterceptor(...)}.
 */
public class InternalTokenInterceptor implements ClientHttpRequestInterceptor {

	/** The header that carries the calling service's token. */
	public static final String HEADER = InternalToken.HEADER;

	private final String token;

	public InternalTokenInterceptor(String token) {
		Assert.hasText(token, "The internal token (pixelgram.security.internal-token) must be set");
		this.token = token;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		request.getHeaders().set(HEADER, this.token);
		return execution.execute(request, body);
	}

}

package com.pixelgram.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * RestClients for calls between services: short connect and read timeouts, and the
 * internal token on every request, so that a slow or missing peer costs a bounded wait.
 */
public final class InternalClients {

	private static final Logger log = LoggerFactory.getLogger(InternalClients.class);

	private InternalClients() {
	}

	/**
	 * A client of another service's {@code /internal} API.
	 * @param builder the application's builder (cloned, so its customisations carry over)
	 * @param baseUri the other service's base URI
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for an answer
	 * @param token the interceptor that sends the internal token, or {@code null} when
	 * none is configured (every call will then be refused by the other service)
	 * @return the client
	 */
	public static RestClient create(RestClient.Builder builder, URI baseUri, Duration connectTimeout,
			Duration readTimeout, InternalTokenInterceptor token) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
		requestFactory.setReadTimeout(readTimeout);
		RestClient.Builder configured = builder.clone().baseUrl(baseUri.toString()).requestFactory(requestFactory);
		if (token != null) {
			configured.requestInterceptor(token);
		}
		else {
			log.warn("pixelgram.security.internal-token is not set: calls to {} will be refused", baseUri);
		}
		return configured.build();
	}

}

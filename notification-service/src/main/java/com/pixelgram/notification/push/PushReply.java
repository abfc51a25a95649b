package com.pixelgram.notification.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * A push provider's answer, read whole inside the client's exchange (so the connection is
 * released before any wait between tries).
 *
 * @param status the HTTP status
 * @param retryAfter the {@code Retry-After} header, or {@code null}
 * @param body the body as text, empty when there is none
 */
record PushReply(int status, String retryAfter, String body) {

	static PushReply of(ClientHttpResponse response) throws IOException {
		return new PushReply(response.getStatusCode().value(), response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
				StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8));
	}

}

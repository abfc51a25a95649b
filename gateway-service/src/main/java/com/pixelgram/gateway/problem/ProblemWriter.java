package com.pixelgram.gateway.problem;

import com.pixelgram.web.ProblemType;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import com.pixelgram.gateway.requestsize.GuardedBody;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Writes RFC 9457 problem details for the errors the gateway produces itself. */
@Component
public class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public Mono<Void> write(ServerWebExchange exchange, ProblemType type) {
		return write(exchange, type.status(), GatewayProblems.defaultDetail(type), (headers) -> {
		});
	}

	public Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail,
			Consumer<HttpHeaders> extraHeaders) {
		return write(exchange, type.status(), detail, extraHeaders);
	}

	/**
	 * Writes a problem for any status; statuses without a dedicated {@link ProblemType}
	 * get a type derived from their reason phrase.
	 */
	public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail,
			Consumer<HttpHeaders> extraHeaders) {
		ProblemType known = ProblemType.forStatus(status.value()).orElse(null);
		URI type = (known != null) ? known.uri() : GatewayProblems.fallbackType(status);
		String resolvedDetail = (detail != null) ? detail
				: (known != null) ? GatewayProblems.defaultDetail(known) : title(status);
		return write(exchange, type, status, resolvedDetail, extraHeaders);
	}

	/**
	 * Writes a problem of a type more specific than its status (such as
	 * {@code account-suspended} for a 401).
	 */
	public Mono<Void> write(ServerWebExchange exchange, URI type, HttpStatusCode status, String detail,
			Consumer<HttpHeaders> extraHeaders) {
		String resolvedDetail = (detail != null) ? detail : title(status);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type.toString());
		body.put("title", title(status));
		body.put("status", status.value());
		body.put("detail", resolvedDetail);
		body.put("instance", exchange.getRequest().getPath().value());
		byte[] bytes = this.jsonMapper.writeValueAsBytes(body);

		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		HttpHeaders headers = response.getHeaders();
		// whatever a downstream answer or an earlier filter left here describes another
		// body
		headers.clear();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setContentLength(bytes.length);
		headers.setCacheControl("no-store");
		extraHeaders.accept(headers);
		GuardedBody unread = GuardedBody.of(exchange).filter(GuardedBody::unread).orElse(null);
		if (unread == null) {
			return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
		}
		// The gateway answers before reading the body it refuses, and closing at once
		// would reset a client that is still writing before it reads the answer. So the
		// rest of the body is read and discarded once the answer is out, and only then
		// does the response end and the connection close. (A Flux body, unlike a Mono,
		// is not sent as one complete message, which would close the connection at once.)
		headers.setConnection("close");
		return response.writeWith(Flux.defer(() -> Flux.just(response.bufferFactory().wrap(bytes))))
			.then(Mono.defer(unread::drain));
	}

	private static String title(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "HTTP " + status.value();
	}

}

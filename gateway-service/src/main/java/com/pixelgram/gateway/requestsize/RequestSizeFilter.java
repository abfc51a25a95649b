package com.pixelgram.gateway.requestsize;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.pixelgram.gateway.problem.ProblemException;
import com.pixelgram.web.ProblemType;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies over their route's limit at the edge: a small one for every JSON
 * route, a large one for the photo upload ({@code POST /v1/posts}). A body is refused by
 * its {@code Content-Length} before anything is read or forwarded, and, whatever its
 * framing (chunked bodies declare no length), by counting while it streams, which aborts
 * the forwarded request once the limit is passed. Whatever the gateway answers, what is
 * left of the body is then discarded (see {@link GuardedBody}).
 */
@Component
class RequestSizeFilter implements WebFilter, Ordered {

	private static final String UPLOAD_PATH = "/v1/posts";

	private final long maxBytes;

	private final long maxUploadBytes;

	private final long drainBytes;

	private final RequestSizeProperties properties;

	RequestSizeFilter(RequestSizeProperties properties) {
		this.properties = properties;
		this.maxBytes = properties.maxBody().toBytes();
		this.maxUploadBytes = properties.maxUploadBody().toBytes();
		this.drainBytes = properties.drainLimit().toBytes();
	}

	@Override
	public int getOrder() {
		// right after the access log, before anything else can answer: an oversized body
		// is refused whoever sends it, and every answer can discard what is left of it
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!GuardedBody.declared(request.getHeaders())) {
			// nothing to count, refuse or discard: most requests (every GET) pass as they
			// are
			return chain.filter(exchange);
		}
		boolean upload = isUpload(request);
		long limit = upload ? this.maxUploadBytes : this.maxBytes;
		DataSize shownLimit = upload ? this.properties.maxUploadBody() : this.properties.maxBody();
		GuardedBody body = new GuardedBody(request, limit, this.drainBytes, this.properties.drainTimeout(),
				() -> tooLarge(shownLimit));
		exchange.getAttributes().put(GuardedBody.ATTRIBUTE, body);
		if (request.getHeaders().getContentLength() > limit) {
			return Mono.error(tooLarge(shownLimit));
		}
		ServerHttpRequest guarded = new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return body.forward();
			}

		};
		// a service may answer before it has read the whole body: discard the rest
		return chain.filter(exchange.mutate().request(guarded).build()).then(Mono.defer(body::drain));
	}

	private static boolean isUpload(ServerHttpRequest request) {
		return HttpMethod.POST.equals(request.getMethod())
				&& UPLOAD_PATH.equals(request.getPath().pathWithinApplication().value());
	}

	private static ProblemException tooLarge(DataSize limit) {
		return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
				"The request body is larger than " + describe(limit) + ".");
	}

	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + " MB";
		}
		if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

}

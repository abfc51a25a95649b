package com.pixelgram.gateway.requestsize;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.pixelgram.gateway.problem.ProblemException;
import com.pixelgram.web.ProblemType;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies over the limit at the edge: by {@code Content-Length} before
 * anything is read or forwarded, and for bodies without a length by counting while they
 * stream, which aborts the forwarded request once the limit is passed.
 */
@Component
class RequestSizeFilter implements WebFilter, Ordered {

	private final long maxBytes;

	private final String detail;

	RequestSizeFilter(RequestSizeProperties properties) {
		this.maxBytes = properties.maxBody().toBytes();
		this.detail = "The request body is larger than " + properties.maxBody().toMegabytes() + " MB.";
	}

	@Override
	public int getOrder() {
		// before authentication: an oversized body is refused whoever sends it
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long length = request.getHeaders().getContentLength();
		if (length > this.maxBytes) {
			return Mono.error(tooLarge());
		}
		if (length >= 0) {
			return chain.filter(exchange);
		}
		ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> {
					AtomicLong seen = new AtomicLong();
					return super.getBody().handle((buffer, sink) -> {
						if (seen.addAndGet(buffer.readableByteCount()) > RequestSizeFilter.this.maxBytes) {
							DataBufferUtils.release(buffer);
							sink.error(tooLarge());
						}
						else {
							sink.next(buffer);
						}
					});
				});
			}

		};
		return chain.filter(exchange.mutate().request(counted).build());
	}

	private ProblemException tooLarge() {
		return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, this.detail);
	}

}

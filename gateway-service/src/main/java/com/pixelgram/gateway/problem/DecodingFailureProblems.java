package com.pixelgram.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import com.pixelgram.web.ProblemType;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Gives the refusals that happen before a request reaches the application a problem body
 * too: a request line, header or URI the HTTP codec or the URI parser cannot read is
 * answered by the server itself (400, 414, 431), with an empty body. Those empty answers
 * are rewritten on their way out into the problem responses every other refusal is.
 */
@Component
class DecodingFailureProblems implements NettyServerCustomizer {

	private final JsonMapper jsonMapper;

	DecodingFailureProblems(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, "pixelgram.problemBodies", new Handler());
			}
		});
	}

	byte[] body(HttpResponseStatus status) {
		HttpStatus known = HttpStatus.resolve(status.code());
		ProblemType type = ProblemType.forStatus(status.code()).orElse(null);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", ((type != null) ? type.uri() : GatewayProblems.fallbackType(HttpStatus.valueOf(status.code())))
			.toString());
		body.put("title", (known != null) ? known.getReasonPhrase() : status.reasonPhrase());
		body.put("status", status.code());
		body.put("detail",
				(status.code() == 400)
						? "The request could not be read: its request line, a header or its" + " URI is malformed."
						: (known != null) ? known.getReasonPhrase() + "." : status.reasonPhrase());
		return this.jsonMapper.writeValueAsBytes(body);
	}

	/** Rewrites empty 4xx answers the server produced itself; passes everything else. */
	private final class Handler extends ChannelDuplexHandler {

		private boolean head;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request) {
				this.head = HttpMethod.HEAD.equals(request.method());
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof FullHttpResponse response && isBareRefusal(response)) {
				byte[] bytes = body(response.status());
				FullHttpResponse problem = new DefaultFullHttpResponse(response.protocolVersion(), response.status(),
						Unpooled.wrappedBuffer(bytes), response.headers().copy(), response.trailingHeaders().copy());
				problem.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
					.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
					.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
				response.release();
				ctx.write(problem, promise);
				return;
			}
			ctx.write(msg, promise);
		}

		private boolean isBareRefusal(FullHttpResponse response) {
			int code = response.status().code();
			boolean refusal = code == 400 || code == 408 || code == 413 || code == 414 || code == 431;
			String length = response.headers().get(HttpHeaderNames.CONTENT_LENGTH);
			return refusal && !this.head && response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
					&& (length == null || length.equals("0"));
		}

	}

}

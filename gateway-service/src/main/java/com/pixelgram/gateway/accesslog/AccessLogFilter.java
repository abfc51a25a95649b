package com.pixelgram.gateway.accesslog;

import java.util.Locale;
import java.util.Optional;

import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

import com.pixelgram.gateway.security.CurrentUser;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Logs one line per request on the {@code pixelgram.access} logger: method, path, status,
 * duration and the user when the token named one, never the token itself, nor a push
 * token in a path ({@code /v1/devices/{token}}).
 */
@Component
class AccessLogFilter implements WebFilter, Ordered {

	private static final Logger accessLog = LoggerFactory.getLogger("pixelgram.access");

	/** Any segment named so: however many slashes precede it, it is the devices route. */
	private static final String DEVICES = "/devices/";

	private static final String MASK = "{token}";

	private final ErrorWebExceptionHandler errorHandler;

	AccessLogFilter(ErrorWebExceptionHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		// Errors become problem responses here rather than after the filter chain, so
		// that the status logged is the one the client receives.
		return chain.filter(exchange)
			.onErrorResume((error) -> this.errorHandler.handle(exchange, error))
			.doFinally((signal) -> log(exchange, (System.nanoTime() - start) / 1_000_000));
	}

	private void log(ServerWebExchange exchange, long millis) {
		if (!accessLog.isInfoEnabled()) {
			return;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		int code = (status != null) ? status.value() : 200;
		String method = exchange.getRequest().getMethod().name();
		String path = masked(exchange.getRequest().getPath().value());
		Optional<String> user = CurrentUser.userId(exchange);
		LoggingEventBuilder line = accessLog.atInfo()
			.addKeyValue("method", method)
			.addKeyValue("path", path)
			.addKeyValue("status", code)
			.addKeyValue("duration_ms", millis);
		if (user.isPresent()) {
			line = line.addKeyValue("user_id", user.get());
		}
		Optional<String> traceId = traceId(exchange);
		if (traceId.isPresent()) {
			line = line.addKeyValue("traceId", traceId.get());
		}
		line.log("{} {} {} {}ms user={}", method, path, code, millis, user.orElse("-"));
	}

	/**
	 * The path with the secrets it may carry replaced: the push token of
	 * {@code /v1/devices/{token}} and whatever follows it, in any case and however many
	 * slashes the client sent.
	 */
	static String masked(String path) {
		int devices = path.toLowerCase(Locale.ROOT).indexOf(DEVICES);
		if (devices < 0) {
			return path;
		}
		int token = devices + DEVICES.length();
		while (token < path.length() && path.charAt(token) == '/') {
			token++;
		}
		return (token == path.length()) ? path : path.substring(0, token) + MASK;
	}

	/**
	 * The request's trace id, read from its observation: cheaper than propagating
	 * thread-locals through every Reactor operator just to find it in the MDC.
	 */
	private static Optional<String> traceId(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes()).map((context) -> {
			TracingObservationHandler.TracingContext tracing = context
				.get(TracingObservationHandler.TracingContext.class);
			return (tracing != null && tracing.getSpan() != null) ? tracing.getSpan().context().traceId() : null;
		});
	}

}

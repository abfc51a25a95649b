package com.pixelgram.gateway.problem;

import com.pixelgram.web.ProblemType;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.unix.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns every failure that reaches the edge into a problem response; ordered before
 * Boot's handler, which would answer with its own JSON shape.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(GatewayErrorHandler.class);

	private final ProblemWriter writer;

	GatewayErrorHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		if (exchange.getResponse().isCommitted()) {
			// too late for a problem body: let the server abort the connection
			return Mono.error(error);
		}
		if (error instanceof ProblemException problem) {
			return this.writer.write(exchange, problem.status(), problem.getMessage(),
					(headers) -> problem.headers().forEach(headers::addAll));
		}
		if (causedBy(error, CallNotPermittedException.class::isInstance)) {
			return write(exchange, ProblemType.SERVICE_UNAVAILABLE, error);
		}
		// A service that dies while it answers resets the connection: epoll reports it as
		// a
		// NativeIoException, NIO as a SocketException.
		if (causedBy(error,
				(cause) -> cause instanceof ConnectException || cause instanceof UnknownHostException
						|| cause instanceof PrematureCloseException || cause instanceof SocketException
						|| cause instanceof Errors.NativeIoException)) {
			return write(exchange, ProblemType.SERVICE_UNAVAILABLE, error);
		}
		if (causedBy(error, (cause) -> cause instanceof TimeoutException
				|| cause instanceof org.springframework.cloud.gateway.support.TimeoutException)) {
			return write(exchange, ProblemType.GATEWAY_TIMEOUT, error);
		}
		if (error instanceof AuthenticationServiceException) {
			// the token could not be checked at all, typically because the JWKS is out of
			// reach: that is our outage, not the client's fault
			return write(exchange, ProblemType.SERVICE_UNAVAILABLE, error);
		}
		if (error instanceof AuthenticationException) {
			return this.writer.write(exchange, ProblemType.UNAUTHORIZED,
					GatewayProblems.defaultDetail(ProblemType.UNAUTHORIZED),
					(headers) -> headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
		}
		if (error instanceof AccessDeniedException) {
			return this.writer.write(exchange, ProblemType.FORBIDDEN);
		}
		if (error instanceof DataBufferLimitException) {
			return this.writer.write(exchange, ProblemType.PAYLOAD_TOO_LARGE);
		}
		if (error instanceof ResponseStatusException status) {
			if (status.getStatusCode().is5xxServerError()) {
				logger.warn("{} {} failed: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
						status.getMessage());
			}
			// the reason of a framework exception is not written for clients; the default
			// detail of the status is
			return this.writer.write(exchange, status.getStatusCode(), null,
					(headers) -> status.getHeaders().forEach(headers::addAll));
		}
		logger.error("Unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				error);
		return this.writer.write(exchange, ProblemType.INTERNAL);
	}

	private Mono<Void> write(ServerWebExchange exchange, ProblemType type, Throwable error) {
		logger.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				type.status().value(), error.toString());
		return this.writer.write(exchange, type);
	}

	private static boolean causedBy(Throwable error, Predicate<Throwable> predicate) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (predicate.test(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}

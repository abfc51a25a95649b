package com.pixelgram.gateway.routing;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import com.pixelgram.gateway.problem.ProblemException;
import com.pixelgram.gateway.problem.GatewayProblems;
import com.pixelgram.web.ProblemType;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers 404 for {@code /internal/**} whatever the routes say, and for paths a service
 * would resolve somewhere else than the gateway matched them ({@code ..}, {@code ;},
 * encoded slashes), which could otherwise reach {@code /internal/**} behind a public
 * route. It runs before authentication so that nobody learns these paths exist.
 */
@Component
class InternalPathGuard implements WebFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isRefused(exchange.getRequest().getURI().getRawPath())) {
			return Mono.error(
					new ProblemException(ProblemType.NOT_FOUND, GatewayProblems.defaultDetail(ProblemType.NOT_FOUND)));
		}
		return chain.filter(exchange);
	}

	static boolean isRefused(String rawPath) {
		if (rawPath == null) {
			return false;
		}
		boolean first = true;
		for (String segment : rawPath.split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			String decoded;
			try {
				decoded = StringUtils.uriDecode(segment, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return true;
			}
			// servlet containers drop ";params" before resolving dot segments
			int semicolon = decoded.indexOf(';');
			String name = (semicolon >= 0) ? decoded.substring(0, semicolon) : decoded;
			if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
				return true;
			}
			if (first && name.equalsIgnoreCase("internal")) {
				return true;
			}
			first = false;
		}
		return false;
	}

}

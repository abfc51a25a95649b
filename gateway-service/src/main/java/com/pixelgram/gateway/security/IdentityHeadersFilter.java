package com.pixelgram.gateway.security;

import java.util.Locale;
import java.util.Set;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops identity and internal headers a client sent before a request is forwarded: the
 * services trust only the token, and internal headers are for service-to-service calls.
 */
@Component
class IdentityHeadersFilter implements HttpHeadersFilter {

	private static final Set<String> STRIPPED = Set.of("x-user-id", "x-internal-token", "x-authenticated-user");

	private static final String INTERNAL_PREFIX = "x-internal-";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders filtered = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!isStripped(name)) {
				filtered.addAll(name, values);
			}
		});
		return filtered;
	}

	static boolean isStripped(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return STRIPPED.contains(lower) || lower.startsWith(INTERNAL_PREFIX);
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

}

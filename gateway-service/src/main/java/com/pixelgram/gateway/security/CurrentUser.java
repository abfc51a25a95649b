package com.pixelgram.gateway.security;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * The user a request acts for: the subject of its verified token, never a header the
 * client sent.
 */
public final class CurrentUser {

	static final String ATTRIBUTE = CurrentUser.class.getName() + ".userId";

	private CurrentUser() {
	}

	public static Optional<String> userId(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
	}

}

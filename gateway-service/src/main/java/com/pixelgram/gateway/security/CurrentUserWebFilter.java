package com.pixelgram.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records the verified token's subject on the exchange, where the access log and the rate
 * limiter read it; it runs after Spring Security's filter chain (order -100).
 */
@Component
class CurrentUserWebFilter implements WebFilter, Ordered {

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> ((JwtAuthenticationToken) principal).getToken().getSubject())
			.doOnNext((subject) -> exchange.getAttributes().put(CurrentUser.ATTRIBUTE, subject))
			.then(Mono.defer(() -> chain.filter(exchange)));
	}

}

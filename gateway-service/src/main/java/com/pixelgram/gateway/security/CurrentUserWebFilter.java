package com.pixelgram.gateway.security;

import java.net.URI;

import com.pixelgram.gateway.problem.ProblemWriter;
import com.pixelgram.web.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records the verified token's subject on the exchange, where the access log and the rate
 * limiter read it; it runs after Spring Security's filter chain (order -100). A token of
 * an account suspended or deleted since it was issued, or issued before its owner signed
 * out everywhere (a password change or reset, the undo of an email change), is refused
 * here with a 401, from what this gateway keeps in memory ({@link RevokedAccess}), before
 * the request is counted or routed.
 */
@Component
class CurrentUserWebFilter implements WebFilter, Ordered {

	static final URI ACCOUNT_SUSPENDED = ProblemType.uri("account-suspended");

	private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

	private final RevokedAccess revoked;

	private final ProblemWriter problems;

	private final Counter refusedSuspended;

	private final Counter refusedDeleted;

	private final Counter refusedSignedOut;

	CurrentUserWebFilter(RevokedAccess revoked, ProblemWriter problems, MeterRegistry meters) {
		this.revoked = revoked;
		this.problems = problems;
		this.refusedSuspended = refusals(meters, "suspended");
		this.refusedDeleted = refusals(meters, "deleted");
		this.refusedSignedOut = refusals(meters, "signed-out");
	}

	private static Counter refusals(MeterRegistry meters, String reason) {
		return Counter.builder("pixelgram.gateway.revoked-access.refused")
			.description("Requests refused because their token's account was suspended, deleted or signed out "
					+ "everywhere since it was issued")
			.tag("reason", reason)
			.register(meters);
	}

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> ((JwtAuthenticationToken) principal).getToken())
			.flatMap((token) -> {
				String subject = token.getSubject();
				// the access log names the account, refused or not
				exchange.getAttributes().put(CurrentUser.ATTRIBUTE, subject);
				RevokedAccess.Reason reason = this.revoked.refused(subject, token.getIssuedAt());
				if (reason == RevokedAccess.Reason.SUSPENDED) {
					this.refusedSuspended.increment();
					return this.problems
						.write(exchange, ACCOUNT_SUSPENDED, HttpStatus.UNAUTHORIZED, "This account is suspended.",
								(headers) -> headers.set(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN))
						.thenReturn(Boolean.FALSE);
				}
				if (reason == RevokedAccess.Reason.DELETED) {
					this.refusedDeleted.increment();
					return invalidToken(exchange);
				}
				if (reason == RevokedAccess.Reason.SIGNED_OUT) {
					// as an expired token: the client logs in again
					this.refusedSignedOut.increment();
					return invalidToken(exchange);
				}
				return Mono.just(Boolean.TRUE);
			})
			.defaultIfEmpty(Boolean.TRUE)
			.flatMap((proceed) -> proceed ? chain.filter(exchange) : Mono.empty());
	}

	private Mono<Boolean> invalidToken(ServerWebExchange exchange) {
		return this.problems
			.write(exchange, ProblemType.UNAUTHORIZED, "The bearer token is invalid or expired.",
					(headers) -> headers.set(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN))
			.thenReturn(Boolean.FALSE);
	}

}

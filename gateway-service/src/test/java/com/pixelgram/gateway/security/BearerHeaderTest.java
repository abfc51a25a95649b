package com.pixelgram.gateway.security;

import org.junit.jupiter.api.Test;

import com.pixelgram.security.BearerTokens;
import com.pixelgram.testsupport.AuthorizationHeaders;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway reads the bearer token of the {@code Authorization} header as Spring
 * Security's reactive converter does, without its regular expression.
 */
class BearerHeaderTest {

	@Test
	void readsEveryHeaderAsSpringSecuritysConverterDoes() {
		ServerBearerTokenAuthenticationConverter reference = new ServerBearerTokenAuthenticationConverter();
		for (String header : AuthorizationHeaders.FORMS) {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.get("/v1/feed").header(HttpHeaders.AUTHORIZATION, header));
			assertThat(outcome(() -> BearerTokens.fromHeader(header))).as(header)
				.isEqualTo(outcome(() -> token(reference.convert(exchange).blockOptional().orElse(null))));
		}
	}

	private static String token(Authentication authentication) {
		return (authentication instanceof BearerTokenAuthenticationToken bearer) ? bearer.getToken() : null;
	}

	private static String outcome(java.util.function.Supplier<String> read) {
		try {
			return "token:" + read.get();
		}
		catch (OAuth2AuthenticationException ex) {
			return "error:" + ex.getError().getErrorCode();
		}
	}

}

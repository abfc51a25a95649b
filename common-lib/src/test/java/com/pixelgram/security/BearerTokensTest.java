package com.pixelgram.security;

import com.pixelgram.testsupport.AuthorizationHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token read from a header as Spring Security's default resolver reads it. */
class BearerTokensTest {

	private static final RequestMatcher NONE = (request) -> false;

	@Test
	void readsEveryHeaderAsTheDefaultResolverDoes() {
		DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();
		BearerTokens tokens = new BearerTokens(NONE);
		for (String header : AuthorizationHeaders.FORMS) {
			assertThat(outcome(() -> tokens.resolve(request(header)))).as(header)
				.isEqualTo(outcome(() -> reference.resolve(request(header))));
		}
	}

	@Test
	void readsNothingWithoutAHeaderAndRefusesTwo() {
		assertThat(new BearerTokens(NONE).resolve(new MockHttpServletRequest("GET", "/v1/feed"))).isNull();

		MockHttpServletRequest twice = request("Bearer abc");
		twice.addHeader("Authorization", "Bearer def");
		assertThatThrownBy(() -> new BearerTokens(NONE).resolve(twice))
			.isInstanceOf(OAuth2AuthenticationException.class);
	}

	@Test
	void readsNoTokenWherePathsNeedNone() {
		MockHttpServletRequest login = request("Bearer not/a valid token");
		login.setRequestURI("/v1/auth/login");

		assertThat(new BearerTokens(PathPatternRequestMatcher.withDefaults().matcher("/v1/auth/**")).resolve(login))
			.isNull();
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/feed");
		request.addHeader("Authorization", authorization);
		return request;
	}

	/** The token, or the error code it was refused with. */
	private static String outcome(java.util.function.Supplier<String> resolve) {
		try {
			return "token:" + resolve.get();
		}
		catch (OAuth2AuthenticationException ex) {
			return "error:" + ex.getError().getErrorCode();
		}
	}

}

package com.pixelgram.security;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The bearer token of a request's {@code Authorization} header, read as
 * {@code DefaultBearerTokenResolver} reads it (RFC 6750's token characters, one header
 * only, never from the query or a form) but without its regular expression, which cost
 * more than the cached token check it feeds. Requests to paths that need no token get
 * none, so that an expired token sent along to a public path (a login, a health probe)
 * does not turn it into a 401. The reactive gateway reads the header with
 * {@link #fromHeader} alone.
 */
public final class BearerTokens implements BearerTokenResolver {

	private static final String SCHEME = "Bearer";

	private final RequestMatcher ignored;

	BearerTokens(RequestMatcher ignored) {
		this.ignored = ignored;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		if (this.ignored.matches(request)) {
			return null;
		}
		Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String header = headers.nextElement();
		if (headers.hasMoreElements()) {
			throw new OAuth2AuthenticationException(
					BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request"));
		}
		return fromHeader(header);
	}

	/**
	 * The token of an {@code Authorization} value, {@code null} for another scheme.
	 * @throws OAuth2AuthenticationException when it is a malformed bearer token
	 */
	public static String fromHeader(String header) {
		if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return null;
		}
		int start = SCHEME.length() + 1;
		if (header.length() <= start || header.charAt(start - 1) != ' ' || !isToken(header, start)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return header.substring(start);
	}

	/** {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="} */
	private static boolean isToken(String text, int start) {
		int i = start;
		while (i < text.length() && isTokenChar(text.charAt(i))) {
			i++;
		}
		if (i == start) {
			return false;
		}
		while (i < text.length() && text.charAt(i) == '=') {
			i++;
		}
		return i == text.length();
	}

	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}

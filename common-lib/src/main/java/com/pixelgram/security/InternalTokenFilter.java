package com.pixelgram.security;

import java.io.IOException;

import com.pixelgram.web.ProblemResponseWriter;
import com.pixelgram.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The gate of {@code /internal/**}: only calls that carry the shared secret pass, any
 * other gets 403 before reaching a controller.
 */
class InternalTokenFilter extends OncePerRequestFilter {

	private final RequestMatcher internalPaths;

	private final InternalToken token;

	private final ProblemResponseWriter problems;

	InternalTokenFilter(RequestMatcher internalPaths, InternalToken token, ProblemResponseWriter problems) {
		this.internalPaths = internalPaths;
		this.token = token;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.internalPaths.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.token.matches(request.getHeader(InternalToken.HEADER))) {
			this.problems.write(ProblemType.FORBIDDEN, "This endpoint is only for calls between services.", request,
					response);
			return;
		}
		chain.doFilter(request, response);
	}

}

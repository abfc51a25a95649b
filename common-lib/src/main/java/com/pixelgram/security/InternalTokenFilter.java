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
 * The gate of {@code /internal/**}: only a call that carries a known caller's token, on a
 * path that caller may call, passes; any other gets 403 before reaching a controller.
 */
class InternalTokenFilter extends OncePerRequestFilter {

	private final RequestMatcher internalPaths;

	private final InternalCallers callers;

	private final ProblemResponseWriter problems;

	InternalTokenFilter(RequestMatcher internalPaths, InternalCallers callers, ProblemResponseWriter problems) {
		this.internalPaths = internalPaths;
		this.callers = callers;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.internalPaths.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		InternalCallers.Caller caller = this.callers.identify(request.getHeader(InternalToken.HEADER));
		if (caller == null) {
			this.problems.write(ProblemType.FORBIDDEN, "This endpoint is only for calls between services.", request,
					response);
			return;
		}
		if (!caller.mayCall(request)) {
			this.problems.write(ProblemType.FORBIDDEN, "This endpoint is not open to " + caller.name() + ".", request,
					response);
			return;
		}
		chain.doFilter(request, response);
	}

}

package com.pixelgram.security;

import java.io.IOException;

import com.pixelgram.web.ProblemResponseWriter;
import com.pixelgram.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 as a problem. The detail never says why the token failed: that would help whoever
 * forges them.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ProblemResponseWriter problems;

	ProblemAuthenticationEntryPoint(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		this.problems.write(ProblemType.UNAUTHORIZED, "A valid bearer token is required.", request, response);
	}

}

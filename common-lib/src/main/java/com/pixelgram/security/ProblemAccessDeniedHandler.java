package com.pixelgram.security;

import java.io.IOException;

import com.pixelgram.web.ProblemResponseWriter;
import com.pixelgram.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 403 as a problem, for an authenticated caller who may not do this. */
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemResponseWriter problems;

	ProblemAccessDeniedHandler(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		this.problems.write(ProblemType.FORBIDDEN, "You are not allowed to do this.", request, response);
	}

}

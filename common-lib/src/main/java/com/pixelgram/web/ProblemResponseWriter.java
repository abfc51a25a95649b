package com.pixelgram.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * Writes a problem straight to the servlet response, for code that runs outside Spring
 * MVC (security entry points, filters), in the same format as the controller advice.
 */
public class ProblemResponseWriter {

	private final JsonMapper jsonMapper;

	public ProblemResponseWriter(JsonMapper jsonMapper) {
		// The application's mapper usually has the mixin already; adding it again is
		// harmless and makes this independent of how the mapper was built.
		this.jsonMapper = jsonMapper.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
	}

	/** A problem of one of the common types about the current request. */
	public static ProblemDetail problem(ProblemType type, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		problem.setInstance(instance(request));
		return problem;
	}

	/** Writes a problem of one of the common types about the current request. */
	public void write(ProblemType type, String detail, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		write(problem(type, detail, request), response);
	}

	/** Writes the problem with its status as {@code application/problem+json}. */
	public void write(ProblemDetail problem, HttpServletResponse response) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		byte[] body = this.jsonMapper.writeValueAsBytes(problem);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/** The request path as the {@code instance} member, or null if it is no valid URI. */
	static URI instance(HttpServletRequest request) {
		return instance(request.getRequestURI());
	}

	static URI instance(String path) {
		if (path == null) {
			return null;
		}
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

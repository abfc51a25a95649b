package com.pixelgram.gateway.problem;

import com.pixelgram.web.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * A refusal the gateway decided on itself, turned into a problem response with its detail
 * and headers.
 */
public class ProblemException extends RuntimeException {

	private final ProblemType type;

	private final HttpHeaders headers;

	public ProblemException(ProblemType type, String detail) {
		this(type, detail, new HttpHeaders());
	}

	public ProblemException(ProblemType type, String detail, HttpHeaders headers) {
		// no stack trace: these are expected outcomes (429, 413), some of them frequent
		super(detail, null, false, false);
		this.type = type;
		this.headers = headers;
	}

	public ProblemType type() {
		return this.type;
	}

	public HttpStatusCode status() {
		return this.type.status();
	}

	public HttpHeaders headers() {
		return this.headers;
	}

}

package com.pixelgram.web;

import java.net.URI;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * The stable RFC 9457 problem types every service answers with; a service's own types go
 * through {@link ApiException}.
 */
public enum ProblemType {

	/** A generic bad request, such as a body that is not JSON of the expected shape. */
	MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),

	/** Inputs that are readable but break a rule; carries an {@code errors} array. */
	VALIDATION("validation", HttpStatus.BAD_REQUEST, "Validation failed"),

	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),

	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),

	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),

	CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),

	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large"),

	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),

	SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	/** A service did not answer the gateway in time. */
	GATEWAY_TIMEOUT("gateway-timeout", HttpStatus.GATEWAY_TIMEOUT, "Gateway timeout");

	/** Every problem type URI starts with this. */
	public static final String BASE_URI = "https://pixelgram.dev/problems/";

	private final String slug;

	private final HttpStatus status;

	private final String title;

	private final URI uri;

	ProblemType(String slug, HttpStatus status, String title) {
		this.slug = slug;
		this.status = status;
		this.title = title;
		this.uri = uri(slug);
	}

	public String slug() {
		return this.slug;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/**
	 * The {@code type} member of the problem,
	 * {@code https://pixelgram.dev/problems/<slug>}.
	 */
	public URI uri() {
		return this.uri;
	}

	/** The type URI of a slug, ours or a service's own. */
	public static URI uri(String slug) {
		return URI.create(BASE_URI + slug);
	}

	/**
	 * The generic type of a status, used when nothing more specific is known; for 400
	 * that is {@link #MALFORMED_REQUEST}. Empty for a status without a type of its own.
	 */
	public static Optional<ProblemType> forStatus(int status) {
		for (ProblemType type : values()) {
			if (type.status.value() == status) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}

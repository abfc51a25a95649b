package com.pixelgram.web;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;

/**
 * A failure the client should see as an RFC 9457 problem, with one of the common
 * {@link ProblemType types} or a service's own slug (for example
 * {@code image-too-large-pixels}). The detail is shown to the client as it is, so it must
 * not carry internals.
 */
public class ApiException extends RuntimeException {

	private final HttpStatusCode status;

	private final String slug;

	private final String title;

	private final String detail;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final Map<String, String> headers = new LinkedHashMap<>();

	public ApiException(ProblemType type, String detail) {
		this(type.status(), type.slug(), type.title(), detail);
	}

	/**
	 * A problem of a service's own type.
	 * @param status the HTTP status
	 * @param slug the last segment of the type URI, in kebab-case
	 * @param title the short, fixed summary of the type
	 * @param detail what happened this time, shown to the client
	 */
	public ApiException(HttpStatusCode status, String slug, String title, String detail) {
		super(detail);
		Assert.notNull(status, "status must not be null");
		Assert.hasText(slug, "slug must not be empty");
		Assert.hasText(title, "title must not be empty");
		this.status = status;
		this.slug = slug;
		this.title = title;
		this.detail = detail;
	}

	public static ApiException notFound(String detail) {
		return new ApiException(ProblemType.NOT_FOUND, detail);
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(ProblemType.FORBIDDEN, detail);
	}

	public static ApiException conflict(String detail) {
		return new ApiException(ProblemType.CONFLICT, detail);
	}

	/** A validation problem about inputs that bean validation cannot check. */
	public static ApiException validation(String detail, List<FieldViolation> errors) {
		return new ApiException(ProblemType.VALIDATION, detail).property("errors", List.copyOf(errors));
	}

	/**
	 * Adds an extension member to the problem body; name it in snake_case, as the rest of
	 * the API.
	 */
	public ApiException property(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	/** Adds a response header, such as {@code Retry-After} to a 429. */
	public ApiException header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	public HttpStatusCode getStatus() {
		return this.status;
	}

	public String getSlug() {
		return this.slug;
	}

	public URI getType() {
		return ProblemType.uri(this.slug);
	}

	public String getTitle() {
		return this.title;
	}

	public String getDetail() {
		return this.detail;
	}

	public Map<String, Object> getProperties() {
		return Collections.unmodifiableMap(this.properties);
	}

	public Map<String, String> getHeaders() {
		return Collections.unmodifiableMap(this.headers);
	}

}

package com.pixelgram.gateway.problem;

import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.pixelgram.web.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * What the gateway says about the problems it produces itself. The types are the ones
 * every service uses ({@link ProblemType}), so a client sees one set of {@code type}
 * URIs.
 */
public final class GatewayProblems {

	private static final Map<ProblemType, String> DEFAULT_DETAILS = new EnumMap<>(ProblemType.class);

	static {
		DEFAULT_DETAILS.put(ProblemType.MALFORMED_REQUEST, "The request is malformed.");
		DEFAULT_DETAILS.put(ProblemType.UNAUTHORIZED, "A valid bearer token is required.");
		DEFAULT_DETAILS.put(ProblemType.FORBIDDEN, "You are not allowed to do this.");
		DEFAULT_DETAILS.put(ProblemType.NOT_FOUND, "Nothing is served at this path.");
		DEFAULT_DETAILS.put(ProblemType.METHOD_NOT_ALLOWED, "This method is not supported here.");
		DEFAULT_DETAILS.put(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than the gateway accepts.");
		DEFAULT_DETAILS.put(ProblemType.RATE_LIMITED,
				"Too many requests; retry after the number of seconds in Retry-After.");
		DEFAULT_DETAILS.put(ProblemType.INTERNAL, "An unexpected error occurred.");
		DEFAULT_DETAILS.put(ProblemType.SERVICE_UNAVAILABLE,
				"The service behind this path is unavailable; try again shortly.");
		DEFAULT_DETAILS.put(ProblemType.GATEWAY_TIMEOUT, "The service behind this path did not answer in time.");
	}

	private GatewayProblems() {
	}

	/** The detail the gateway gives when it has nothing more specific to say. */
	public static String defaultDetail(ProblemType type) {
		return DEFAULT_DETAILS.getOrDefault(type, type.title());
	}

	/** A type URI for statuses without a dedicated type, derived from the reason. */
	static URI fallbackType(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		String slug = (known != null) ? known.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-')
				: "status-" + status.value();
		return ProblemType.uri(slug);
	}

}

package com.pixelgram.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A validated {@code page}/{@code limit} pair and the RFC 8288
 * {@code Link: <...>; rel="next"} header of the page after it. Pages count from 1
 * (docs/architecture.md §7).
 * <p>
 * The link is a path with its query, relative to the request: behind the gateway a
 * service does not know the host and scheme the client used, and a client resolves the
 * reference against the URL it called.
 *
 * @param page the page, from 1
 * @param limit items per page
 */
public record Paging(int page, int limit) {

	/**
	 * @param page the {@code page} parameter, or {@code null} for the first
	 * @param limit the {@code limit} parameter, or {@code null} for the default
	 * @param defaultLimit the limit when none is given
	 * @param maxLimit the largest limit accepted
	 * @return the paging
	 * @throws ApiException a 400 validation problem for a page below 1 or a limit outside
	 * 1 to the maximum
	 */
	public static Paging of(Integer page, Integer limit, int defaultLimit, int maxLimit) {
		List<FieldViolation> errors = new ArrayList<>();
		int resolvedPage = (page != null) ? page : 1;
		int resolvedLimit = (limit != null) ? limit : defaultLimit;
		if (resolvedPage < 1) {
			errors.add(new FieldViolation("page", "must be 1 or more"));
		}
		if (resolvedLimit < 1 || resolvedLimit > maxLimit) {
			errors.add(new FieldViolation("limit", "must be between 1 and " + maxLimit));
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation("The paging parameters are invalid.", errors);
		}
		return new Paging(resolvedPage, resolvedLimit);
	}

	public long offset() {
		return (long) (this.page - 1) * this.limit;
	}

	/** Rows to fetch: one more than the page, to know whether a next page exists. */
	public int fetchSize() {
		return this.limit + 1;
	}

	/** The page's items, without the extra row. */
	public <T> List<T> trim(List<T> rows) {
		return (rows.size() > this.limit) ? rows.subList(0, this.limit) : rows;
	}

	/** Headers with the link to the next page when {@code rows} had the extra row. */
	public HttpHeaders linkHeaders(List<?> rows) {
		HttpHeaders headers = new HttpHeaders();
		if (rows.size() > this.limit) {
			HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
				.getRequest();
			String next = UriComponentsBuilder.fromPath(request.getRequestURI())
				.query(request.getQueryString())
				.replaceQueryParam("page", this.page + 1)
				.replaceQueryParam("limit", this.limit)
				.build()
				.toUriString();
			headers.add(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		}
		return headers;
	}

}

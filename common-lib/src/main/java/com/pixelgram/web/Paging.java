package com.pixelgram.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

	/** The type slug of the problem for a page past the deepest one a list serves. */
	public static final String PAGE_TOO_DEEP = "page-too-deep";

	/**
	 * @param page the {@code page} parameter, or {@code null} for the first
	 * @param limit the {@code limit} parameter, or {@code null} for the default
	 * @param defaultLimit the limit when none is given
	 * @param maxLimit the largest limit accepted
	 * @param maxOffset the largest offset, {@code (page - 1) * limit}, served: an offset
	 * query reads and drops every row before the page, so an unbounded page number lets
	 * one request scan a whole list
	 * @return the paging
	 * @throws ApiException a 400 validation problem for a page below 1 or a limit outside
	 * 1 to the maximum, and a 400 {@value #PAGE_TOO_DEEP} problem for a page that starts
	 * past {@code maxOffset}
	 */
	public static Paging of(Integer page, Integer limit, int defaultLimit, int maxLimit, long maxOffset) {
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
		Paging paging = new Paging(resolvedPage, resolvedLimit);
		if (paging.offset() > maxOffset) {
			long maxPage = maxOffset / resolvedLimit + 1;
			throw new ApiException(HttpStatus.BAD_REQUEST, PAGE_TOO_DEEP, "Page too deep",
					"Page " + resolvedPage + " starts after item " + maxOffset
							+ ", the deepest this list pages (at most page " + maxPage + " with limit " + resolvedLimit
							+ "). Narrow the query instead of paging further, for example to a newer range.")
				.property("max_offset", maxOffset)
				.property("max_page", maxPage)
				.property("errors", List.of(new FieldViolation("page", "must be at most " + maxPage)));
		}
		return paging;
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

package com.pixelgram.feed.read;

import java.util.ArrayList;
import java.util.List;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The viewer's home feed, a page at a time. */
@RestController
class FeedController {

	private final FeedReader reader;

	private final FeedProperties.Paging paging;

	FeedController(FeedReader reader, FeedProperties properties) {
		this.reader = reader;
		this.paging = properties.paging();
	}

	@GetMapping("/v1/feed")
	@Operation(summary = "The viewer's home feed",
			description = "A request without a cursor (or page 1) ranks the feed afresh, so it shows every post "
					+ "published so far; its next_cursor (also in the Link header) goes on through the same order "
					+ "while new posts arrive, then through older posts, newest first. page numbers go on through "
					+ "the order of the latest page 1.")
	ResponseEntity<FeedResponse> feed(@Parameter(
			description = "ranked (the default: recency, engagement, affinity) or latest (newest first)") @RequestParam(
					name = "order", required = false) String order,
			@Parameter(description = "the next_cursor of the previous page") @RequestParam(name = "cursor",
					required = false) String cursor,
			@Parameter(description = "page number from 1, instead of a cursor") @RequestParam(name = "page",
					required = false) Integer page,
			@Parameter(description = "posts per page, 1 to 100, 20 by default") @RequestParam(name = "limit",
					required = false) Integer limit) {
		int pageSize = (limit != null) ? limit : this.paging.defaultLimit();
		List<FieldViolation> violations = new ArrayList<>();
		if (page != null && (page < 1 || page > this.paging.maxPage())) {
			violations.add(new FieldViolation("page", "must be between 1 and " + this.paging.maxPage()));
		}
		if (pageSize < 1 || pageSize > this.paging.maxLimit()) {
			violations.add(new FieldViolation("limit", "must be between 1 and " + this.paging.maxLimit()));
		}
		if (page != null && cursor != null) {
			violations.add(new FieldViolation("cursor", "cannot be combined with page"));
		}
		if (!violations.isEmpty()) {
			throw ApiException.validation("The paging parameters are out of range.", violations);
		}
		FeedOrder asked = FeedOrder.parse(order);
		FeedCursor from = (cursor != null) ? FeedCursor.decode(cursor) : null;
		if (from != null && order != null && from.order() != asked) {
			throw ApiException.validation("The cursor belongs to a feed in another order.",
					List.of(new FieldViolation("order", "must be the order of the cursor's feed")));
		}
		FeedOrder feedOrder = (from != null) ? from.order() : asked;
		FeedPage result = this.reader.read(CurrentUser.id(), new FeedRequest(feedOrder, from, page, pageSize));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		String nextCursor = null;
		if (result.next() != null) {
			nextCursor = result.next().encode();
			response.header(HttpHeaders.LINK,
					"<" + nextLink(feedOrder, page, pageSize, result.next(), nextCursor) + ">; rel=\"next\"");
		}
		return response.body(new FeedResponse(result.posts(), nextCursor));
	}

	/**
	 * Where the next page is: the next page number for a client paging by number while
	 * the snapshot lasts, the cursor otherwise.
	 */
	private static String nextLink(FeedOrder order, Integer page, int limit, FeedCursor next, String nextCursor) {
		if (page != null && !next.isKeyset()) {
			return "/v1/feed?page=" + (page + 1) + "&limit=" + limit
					+ ((order == FeedOrder.RANKED) ? "" : "&order=" + order.parameter());
		}
		return "/v1/feed?cursor=" + nextCursor + "&limit=" + limit;
	}

	/**
	 * A page of the feed.
	 *
	 * @param posts the posts, in the feed's order
	 * @param nextCursor the cursor of the next page; absent after the last
	 */
	record FeedResponse(List<FeedItem> posts, String nextCursor) {

	}

}

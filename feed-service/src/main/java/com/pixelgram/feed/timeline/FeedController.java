package com.pixelgram.feed.timeline;

import java.util.ArrayList;
import java.util.List;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The viewer's home feed, ranked, a page at a time. */
@RestController
class FeedController {

	private final FeedReader reader;

	private final FeedProperties.Paging paging;

	FeedController(FeedReader reader, FeedProperties properties) {
		this.reader = reader;
		this.paging = properties.paging();
	}

	@GetMapping("/v1/feed")
	@Operation(summary = "The viewer's ranked home feed; pages are stable for a few minutes",
			description = "page from 1; limit 1 to 100, 20 by default; a Link header names the next page")
	ResponseEntity<FeedResponse> feed(@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		int pageNumber = (page != null) ? page : 1;
		int pageSize = (limit != null) ? limit : this.paging.defaultLimit();
		List<FieldViolation> violations = new ArrayList<>();
		if (pageNumber < 1) {
			violations.add(new FieldViolation("page", "must be at least 1"));
		}
		if (pageSize < 1 || pageSize > this.paging.maxLimit()) {
			violations.add(new FieldViolation("limit", "must be between 1 and " + this.paging.maxLimit()));
		}
		if (!violations.isEmpty()) {
			throw ApiException.validation("The paging parameters are out of range.", violations);
		}
		FeedPage result = this.reader.read(CurrentUser.id(), pageNumber, pageSize);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (result.hasNext()) {
			response.header(HttpHeaders.LINK,
					"</v1/feed?page=" + (pageNumber + 1) + "&limit=" + pageSize + ">; rel=\"next\"");
		}
		return response.body(new FeedResponse(result.posts()));
	}

	/**
	 * A page of the feed.
	 *
	 * @param posts the posts, best first
	 */
	record FeedResponse(List<FeedItem> posts) {

	}

}

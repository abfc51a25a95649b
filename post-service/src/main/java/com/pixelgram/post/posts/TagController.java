package com.pixelgram.post.posts;

import java.util.List;

import com.pixelgram.post.PostProperties;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** The posts of a hashtag. */
@RestController
class TagController {

	private final PostService posts;

	private final PostProperties properties;

	TagController(PostService posts, PostProperties properties) {
		this.posts = posts;
		this.properties = properties;
	}

	@GetMapping("/v1/tags/{tag}/posts")
	@Operation(summary = "A hashtag's posts, newest first, paged with a cursor",
			description = "The tag is matched as captions' hashtags are: case-insensitive, Unicode NFC, with or "
					+ "without its #. next_cursor (also in the Link header) goes on to older posts; it is absent "
					+ "after the last page.")
	ResponseEntity<TagPosts> byTag(
			@Parameter(
					description = "the hashtag, without # (or with it encoded as %23)") @PathVariable("tag") String tag,
			@Parameter(description = "the next_cursor of the previous page") @RequestParam(name = "cursor",
					required = false) String cursor,
			@Parameter(description = "posts per page, 1 to 100 (20 by default)") @RequestParam(name = "limit",
					required = false) Integer limit) {
		String normalised = normalised(tag);
		int pageSize = (limit != null) ? limit : this.properties.defaultPageSize();
		if (pageSize < 1 || pageSize > this.properties.maxPageSize()) {
			throw ApiException.validation("The limit is invalid.",
					List.of(new FieldViolation("limit", "must be between 1 and " + this.properties.maxPageSize())));
		}
		long before = (cursor != null) ? TagCursor.decode(cursor) : Long.MAX_VALUE;
		PostService.TagPage page = this.posts.byTag(CurrentUser.id(), normalised, before, pageSize);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		String nextCursor = null;
		if (page.nextBefore() != null) {
			nextCursor = TagCursor.encode(page.nextBefore());
			response.header(HttpHeaders.LINK, "</v1/tags/" + UriUtils.encodePathSegment(normalised, "UTF-8")
					+ "/posts?cursor=" + nextCursor + "&limit=" + pageSize + ">; rel=\"next\"");
		}
		return response.body(new TagPosts(normalised, page.posts(), nextCursor));
	}

	private String normalised(String tag) {
		String name = Hashtags.normalise(tag.startsWith("#") ? tag.substring(1) : tag);
		if (!Hashtags.isTag(name) || name.codePointCount(0, name.length()) > this.properties.hashtagMaxLength()) {
			throw ApiException.validation("The hashtag is invalid.", List.of(new FieldViolation("tag",
					"must be 1 to " + this.properties.hashtagMaxLength() + " Unicode letters, digits or underscores")));
		}
		return name;
	}

	/**
	 * A page of a hashtag's posts.
	 *
	 * @param tag the hashtag as posts carry it
	 * @param posts the posts, newest first
	 * @param nextCursor the cursor of the next page; absent after the last
	 */
	record TagPosts(String tag, List<PostView> posts, String nextCursor) {

	}

}

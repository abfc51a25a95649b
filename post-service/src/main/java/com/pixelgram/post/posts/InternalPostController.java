package com.pixelgram.post.posts;

import java.util.List;

import com.pixelgram.post.PostProperties;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Batch reads for feed-service. {@code InternalTokenFilter} lets only calls carrying the
 * internal token reach these; the gateway never routes them.
 */
@RestController
class InternalPostController {

	private final PostService posts;

	private final PostProperties properties;

	InternalPostController(PostService posts, PostProperties properties) {
		this.posts = posts;
		this.properties = properties;
	}

	@GetMapping("/internal/posts")
	@Operation(summary = "READY posts by ID, in the order asked; others are left out")
	Posts byIds(@RequestParam("ids") List<Long> ids) {
		checkBatch("ids", ids);
		return new Posts(this.posts.readyByIds(ids));
	}

	@GetMapping("/internal/likes")
	@Operation(summary = "Which of the posts a user likes")
	Liked liked(@RequestParam("user_id") long userId, @RequestParam("post_ids") List<Long> postIds) {
		checkBatch("post_ids", postIds);
		return new Liked(this.posts.likedAmong(userId, postIds).stream().map(String::valueOf).toList());
	}

	@GetMapping("/internal/users/{id}/recent-posts")
	@Operation(summary = "A user's newest READY posts")
	Posts recent(@PathVariable("id") long id, @RequestParam(name = "limit", required = false) Integer limit) {
		int size = (limit != null) ? limit : this.properties.defaultPageSize();
		if (size < 1 || size > this.properties.maxPageSize()) {
			throw ApiException.validation("The limit is invalid.",
					List.of(new FieldViolation("limit", "must be between 1 and " + this.properties.maxPageSize())));
		}
		return new Posts(this.posts.recent(id, size));
	}

	private void checkBatch(String name, List<Long> ids) {
		if (ids.isEmpty() || ids.size() > this.properties.maxBatchIds()) {
			throw ApiException.validation("Between 1 and " + this.properties.maxBatchIds() + " IDs are required.", List
				.of(new FieldViolation(name, "must hold between 1 and " + this.properties.maxBatchIds() + " IDs")));
		}
	}

	/**
	 * A list of posts, wrapped so that the answer can grow fields.
	 *
	 * @param posts the posts
	 */
	record Posts(List<PostView> posts) {

	}

	/**
	 * The liked subset of the posts asked about.
	 *
	 * @param postIds the IDs, as strings
	 */
	record Liked(List<String> postIds) {

	}

}

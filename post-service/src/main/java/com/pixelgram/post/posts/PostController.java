package com.pixelgram.post.posts;

import java.util.List;

import com.pixelgram.web.Paging;
import com.pixelgram.web.PagingProperties;
import com.pixelgram.post.PostProperties;
import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading and deleting posts. */
@RestController
class PostController {

	private final PostService posts;

	private final PostProperties properties;

	private final PagingProperties pageDepth;

	PostController(PostService posts, PostProperties properties, PagingProperties pageDepth) {
		this.posts = posts;
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	@GetMapping("/v1/posts/{id}")
	@Operation(summary = "A post; others see it only once READY")
	PostView get(@PathVariable("id") long id) {
		return this.posts.get(CurrentUser.id(), id);
	}

	@GetMapping("/v1/users/{id}/posts")
	@Operation(summary = "A user's posts, newest first, paged with a Link header")
	ResponseEntity<AuthorPosts> byAuthor(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<PostView> rows = this.posts.byAuthor(CurrentUser.id(), id, paging);
		return ResponseEntity.ok().headers(paging.linkHeaders(rows)).body(new AuthorPosts(paging.trim(rows)));
	}

	@PatchMapping("/v1/posts/{id}")
	@Operation(summary = "Edits the caption, location or alt texts of one of your posts",
			description = "Only the fields present change; an empty location or alt text clears it. "
					+ "alt_texts holds one alt text per photo, in order. The answer is the post with edited_at.")
	PostView edit(@PathVariable("id") long id, @RequestBody PostEdit edit) {
		return this.posts.edit(CurrentUser.id(), id,
				new PostService.TextEdit(edit.caption(), edit.location(), edit.altTexts()));
	}

	@DeleteMapping("/v1/posts/{id}")
	@Operation(summary = "Deletes one of your posts, its likes, comments and images")
	ResponseEntity<Void> delete(@PathVariable("id") long id) {
		this.posts.delete(CurrentUser.id(), id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The body of {@code PATCH /v1/posts/{id}}: at least one field.
	 *
	 * @param caption the new caption (empty for none)
	 * @param location the new location (empty to clear it)
	 * @param altTexts the new alternative text of each photo, in order (empty to clear
	 * one)
	 */
	record PostEdit(String caption, String location, List<String> altTexts) {

	}

	/**
	 * A page of an author's posts.
	 *
	 * @param posts the posts, newest first
	 */
	record AuthorPosts(List<PostView> posts) {

	}

}

package com.pixelgram.post.comment;

import java.net.URI;
import java.util.List;

import com.pixelgram.web.Paging;
import com.pixelgram.web.PagingProperties;
import com.pixelgram.post.PostProperties;
import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Comments on posts. */
@RestController
class CommentController {

	private final CommentService comments;

	private final PostProperties properties;

	private final PagingProperties pageDepth;

	CommentController(CommentService comments, PostProperties properties, PagingProperties pageDepth) {
		this.comments = comments;
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	@PostMapping("/v1/posts/{id}/comments")
	@Operation(summary = "Comments on a post (1 to 2,200 characters)")
	ResponseEntity<CommentService.CommentView> create(@PathVariable("id") long id, @RequestBody NewComment comment) {
		CommentService.CommentView created = this.comments.create(CurrentUser.id(), id, comment.text());
		return ResponseEntity.created(URI.create("/v1/posts/" + id + "/comments/" + created.commentId())).body(created);
	}

	@GetMapping("/v1/posts/{id}/comments")
	@Operation(summary = "A post's comments, oldest first, paged with a Link header")
	ResponseEntity<Comments> list(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<CommentService.CommentView> rows = this.comments.list(CurrentUser.id(), id, paging);
		return ResponseEntity.ok().headers(paging.linkHeaders(rows)).body(new Comments(paging.trim(rows)));
	}

	@DeleteMapping("/v1/posts/{id}/comments/{commentId}")
	@Operation(summary = "Deletes a comment: its author or the post's owner")
	ResponseEntity<Void> delete(@PathVariable("id") long id, @PathVariable("commentId") long commentId) {
		this.comments.delete(CurrentUser.id(), id, commentId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The body of a new comment.
	 *
	 * @param text the comment
	 */
	record NewComment(String text) {

	}

	/**
	 * A page of a post's comments.
	 *
	 * @param comments the comments, oldest first
	 */
	record Comments(List<CommentService.CommentView> comments) {

	}

}

package com.pixelgram.post.comment;

import java.net.URI;
import java.util.List;

import com.pixelgram.id.JsonId;
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
	@Operation(summary = "Comments on a post (1 to 2,200 characters), or replies to a comment of it",
			description = "reply_to names a comment of the same post; replies are one level deep, so a reply to a "
					+ "reply belongs to the same top-level comment, whose ID the answer's reply_to holds.")
	ResponseEntity<CommentService.CommentView> create(@PathVariable("id") long id, @RequestBody NewComment comment) {
		CommentService.CommentView created = this.comments.create(CurrentUser.id(), id, comment.text(),
				comment.replyTo());
		return ResponseEntity.created(URI.create("/v1/posts/" + id + "/comments/" + created.commentId())).body(created);
	}

	@GetMapping("/v1/posts/{id}/comments")
	@Operation(summary = "A post's top-level comments, oldest first, with replies_count, paged with a Link header",
			description = "A deleted comment that still has replies shows with deleted: true, without text.")
	ResponseEntity<Comments> list(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<CommentService.CommentView> rows = this.comments.list(CurrentUser.id(), id, paging);
		return ResponseEntity.ok().headers(paging.linkHeaders(rows)).body(new Comments(paging.trim(rows)));
	}

	@GetMapping("/v1/posts/{id}/comments/{commentId}/replies")
	@Operation(summary = "The replies to a top-level comment, oldest first, paged with a Link header")
	ResponseEntity<Comments> replies(@PathVariable("id") long id, @PathVariable("commentId") long commentId,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<CommentService.CommentView> rows = this.comments.replies(CurrentUser.id(), id, commentId, paging);
		return ResponseEntity.ok().headers(paging.linkHeaders(rows)).body(new Comments(paging.trim(rows)));
	}

	@DeleteMapping("/v1/posts/{id}/comments/{commentId}")
	@Operation(summary = "Deletes a comment: its author or the post's owner",
			description = "A top-level comment with replies stays, without its text, so that they stay readable.")
	ResponseEntity<Void> delete(@PathVariable("id") long id, @PathVariable("commentId") long commentId) {
		this.comments.delete(CurrentUser.id(), id, commentId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The body of a new comment.
	 *
	 * @param text the comment
	 * @param replyTo the comment of the same post it answers, if any
	 */
	record NewComment(String text, @JsonId Long replyTo) {

	}

	/**
	 * A page of a post's comments.
	 *
	 * @param comments the comments, oldest first
	 */
	record Comments(List<CommentService.CommentView> comments) {

	}

}

package com.pixelgram.post.like;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Liking and unliking posts, both idempotent, and the list of likes. */
@RestController
class LikeController {

	private final LikeService likes;

	private final PostProperties properties;

	private final PagingProperties pageDepth;

	LikeController(LikeService likes, PostProperties properties, PagingProperties pageDepth) {
		this.likes = likes;
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	@PostMapping("/v1/posts/{id}/like")
	@Operation(summary = "Likes a post; liking again changes nothing")
	LikeService.LikeState like(@PathVariable("id") long id) {
		return this.likes.like(CurrentUser.id(), id);
	}

	@DeleteMapping("/v1/posts/{id}/like")
	@Operation(summary = "Takes a like back; doing it again changes nothing")
	LikeService.LikeState unlike(@PathVariable("id") long id) {
		return this.likes.unlike(CurrentUser.id(), id);
	}

	@GetMapping("/v1/posts/{id}/likes")
	@Operation(summary = "Who liked a post, newest first, paged with a Link header")
	ResponseEntity<Likes> likes(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<LikeService.Liker> rows = this.likes.likers(CurrentUser.id(), id, paging);
		return ResponseEntity.ok().headers(paging.linkHeaders(rows)).body(new Likes(paging.trim(rows)));
	}

	/**
	 * A page of a post's likes.
	 *
	 * @param likes who liked the post and when, newest first
	 */
	record Likes(List<LikeService.Liker> likes) {

	}

}

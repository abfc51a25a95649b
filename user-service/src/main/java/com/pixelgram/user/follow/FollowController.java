package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.web.Paging;
import com.pixelgram.web.PagingProperties;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Following and unfollowing, and the paged lists of followers and followed users. */
@RestController
class FollowController {

	private final FollowGraph graph;

	private final FollowProperties properties;

	private final PagingProperties pageDepth;

	FollowController(FollowGraph graph, FollowProperties properties, PagingProperties pageDepth) {
		this.graph = graph;
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	@PostMapping("/v1/users/{id}/follow")
	@Operation(summary = "Follow a user (idempotent)")
	FollowStatus follow(@PathVariable("id") long id) {
		return this.graph.follow(CurrentUser.id(), id);
	}

	@DeleteMapping("/v1/users/{id}/follow")
	@Operation(summary = "Unfollow a user (idempotent)")
	FollowStatus unfollow(@PathVariable("id") long id) {
		return this.graph.unfollow(CurrentUser.id(), id);
	}

	@GetMapping("/v1/users/{id}/followers")
	@Operation(summary = "A user's followers, newest first, paged")
	ResponseEntity<Followers> followers(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = paging(page, limit);
		FollowGraph.Page result = this.graph.followers(id, CurrentUser.id(), paging.page(), paging.limit());
		return withLink(new Followers(result.users()), result, "/v1/users/" + id + "/followers", paging);
	}

	@GetMapping("/v1/users/{id}/following")
	@Operation(summary = "The users someone follows, newest first, paged")
	ResponseEntity<Following> following(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = paging(page, limit);
		FollowGraph.Page result = this.graph.following(id, CurrentUser.id(), paging.page(), paging.limit());
		return withLink(new Following(result.users()), result, "/v1/users/" + id + "/following", paging);
	}

	private Paging paging(Integer page, Integer limit) {
		return Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
	}

	/**
	 * Adds the RFC 8288 link to the next page, as a path-absolute reference so that it
	 * stays right behind the gateway.
	 */
	private static <T> ResponseEntity<T> withLink(T body, FollowGraph.Page result, String path, Paging paging) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (result.hasNext()) {
			response.header(HttpHeaders.LINK,
					"<" + path + "?page=" + (paging.page() + 1) + "&limit=" + paging.limit() + ">; rel=\"next\"");
		}
		return response.body(body);
	}

	/** A page of followers. */
	record Followers(List<UserSummary> followers) {

	}

	/** A page of followed users. */
	record Following(List<UserSummary> following) {

	}

}

package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.web.Paging;
import io.swagger.v3.oas.annotations.Operation;

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

	private final UserListPaging paging;

	FollowController(FollowGraph graph, UserListPaging paging) {
		this.graph = graph;
		this.paging = paging;
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
		Paging paging = this.paging.of(page, limit);
		FollowGraph.Page result = this.graph.followers(id, CurrentUser.id(), paging.page(), paging.limit());
		return UserListPaging.response(new Followers(result.users()), result, "/v1/users/" + id + "/followers", paging);
	}

	@GetMapping("/v1/users/{id}/following")
	@Operation(summary = "The users someone follows, newest first, paged")
	ResponseEntity<Following> following(@PathVariable("id") long id,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = this.paging.of(page, limit);
		FollowGraph.Page result = this.graph.following(id, CurrentUser.id(), paging.page(), paging.limit());
		return UserListPaging.response(new Following(result.users()), result, "/v1/users/" + id + "/following", paging);
	}

	/** A page of followers. */
	record Followers(List<UserSummary> followers) {

	}

	/** A page of followed users. */
	record Following(List<UserSummary> following) {

	}

}

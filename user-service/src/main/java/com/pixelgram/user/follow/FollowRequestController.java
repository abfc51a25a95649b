package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.web.Paging;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The requests to follow the caller's private account; a request is named by the
 * requester's user ID.
 */
@RestController
class FollowRequestController {

	private final FollowGraph graph;

	private final UserListPaging paging;

	FollowRequestController(FollowGraph graph, UserListPaging paging) {
		this.graph = graph;
		this.paging = paging;
	}

	@GetMapping("/v1/follow-requests")
	@Operation(summary = "The requests to follow the caller, newest first, paged")
	ResponseEntity<FollowRequests> requests(@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = this.paging.of(page, limit);
		FollowGraph.Page result = this.graph.requests(CurrentUser.id(), paging.page(), paging.limit());
		return UserListPaging.response(new FollowRequests(result.users()), result, "/v1/follow-requests", paging);
	}

	@PostMapping("/v1/follow-requests/{id}/approve")
	@Operation(summary = "Approve the request of user {id} to follow the caller (idempotent): they follow the caller")
	FollowStatus approve(@PathVariable("id") long id) {
		return this.graph.approve(CurrentUser.id(), id);
	}

	@PostMapping("/v1/follow-requests/{id}/reject")
	@Operation(summary = "Reject the request of user {id} to follow the caller (idempotent)")
	FollowStatus reject(@PathVariable("id") long id) {
		return this.graph.reject(CurrentUser.id(), id);
	}

	/** A page of the users who asked to follow the caller. */
	record FollowRequests(List<UserSummary> followRequests) {

	}

}

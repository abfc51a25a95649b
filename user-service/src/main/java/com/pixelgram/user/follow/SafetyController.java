package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.id.JsonId;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.account.UserSummary;
import com.pixelgram.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Blocking and muting users, and the caller's lists of both. */
@RestController
class SafetyController {

	private final Safety safety;

	private final UserListPaging paging;

	SafetyController(Safety safety, UserListPaging paging) {
		this.safety = safety;
		this.paging = paging;
	}

	@PostMapping("/v1/users/{id}/block")
	@Operation(summary = "Block a user (idempotent): removes the follows both ways and hides each from the other")
	@ApiResponse(responseCode = "409",
			description = "too-many-blocks: the caller blocks as many users as an account may (10,000 by default)")
	BlockStatus block(@PathVariable("id") long id) {
		this.safety.block(CurrentUser.id(), id);
		return new BlockStatus(id, true);
	}

	@DeleteMapping("/v1/users/{id}/block")
	@Operation(summary = "Unblock a user (idempotent); follows removed by the block stay removed")
	BlockStatus unblock(@PathVariable("id") long id) {
		this.safety.unblock(CurrentUser.id(), id);
		return new BlockStatus(id, false);
	}

	@GetMapping("/v1/users/me/blocks")
	@Operation(summary = "The users the caller blocked, newest first, paged")
	ResponseEntity<Blocks> blocks(@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = this.paging.of(page, limit);
		FollowGraph.Page result = this.safety.page(SafetyList.BLOCKS, CurrentUser.id(), paging.page(), paging.limit());
		return UserListPaging.response(new Blocks(result.users()), result, "/v1/users/me/blocks", paging);
	}

	@PostMapping("/v1/users/{id}/mute")
	@Operation(summary = "Mute a user (idempotent): their posts leave the caller's feed and their activity "
			+ "notifies the caller no more; they are not told")
	@ApiResponse(responseCode = "409",
			description = "too-many-mutes: the caller mutes as many users as an account may (10,000 by default)")
	MuteStatus mute(@PathVariable("id") long id) {
		this.safety.mute(CurrentUser.id(), id);
		return new MuteStatus(id, true);
	}

	@DeleteMapping("/v1/users/{id}/mute")
	@Operation(summary = "Unmute a user (idempotent)")
	MuteStatus unmute(@PathVariable("id") long id) {
		this.safety.unmute(CurrentUser.id(), id);
		return new MuteStatus(id, false);
	}

	@GetMapping("/v1/users/me/mutes")
	@Operation(summary = "The users the caller muted, newest first, paged")
	ResponseEntity<Mutes> mutes(@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		Paging paging = this.paging.of(page, limit);
		FollowGraph.Page result = this.safety.page(SafetyList.MUTES, CurrentUser.id(), paging.page(), paging.limit());
		return UserListPaging.response(new Mutes(result.users()), result, "/v1/users/me/mutes", paging);
	}

	/**
	 * The caller's block of a user after a change.
	 *
	 * @param userId the user
	 * @param blocking whether the caller blocks them now
	 */
	record BlockStatus(@JsonId long userId, boolean blocking) {

	}

	/**
	 * The caller's mute of a user after a change.
	 *
	 * @param userId the user
	 * @param muting whether the caller mutes them now
	 */
	record MuteStatus(@JsonId long userId, boolean muting) {

	}

	/** A page of blocked users. */
	record Blocks(List<UserSummary> blocks) {

	}

	/** A page of muted users. */
	record Mutes(List<UserSummary> mutes) {

	}

}

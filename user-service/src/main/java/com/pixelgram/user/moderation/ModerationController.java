package com.pixelgram.user.moderation;

import java.util.Collection;
import java.util.List;

import com.pixelgram.id.JsonId;
import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.Paging;
import com.pixelgram.web.PagingProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The moderators' API: only a caller whose access token names the {@code moderator} role
 * may use it; anyone else gets 403.
 */
@RestController
class ModerationController {

	private static final String MODERATOR = "moderator";

	private final Reports reports;

	private final Suspensions suspensions;

	private final ModerationProperties properties;

	private final PagingProperties pageDepth;

	ModerationController(Reports reports, Suspensions suspensions, ModerationProperties properties,
			PagingProperties pageDepth) {
		this.reports = reports;
		this.suspensions = suspensions;
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	@GetMapping("/v1/moderation/reports")
	@Operation(summary = "Reports of a status (open by default, or resolved), oldest first, paged")
	@ApiResponse(responseCode = "200", description = "A page of reports; a Link header names the next")
	@ApiResponse(responseCode = "403", description = "forbidden: the caller is not a moderator")
	ResponseEntity<Reports.Page> reports(@RequestParam(name = "status", required = false) String status,
			@RequestParam(name = "page", required = false) Integer page,
			@RequestParam(name = "limit", required = false) Integer limit) {
		moderator();
		Paging paging = Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
		List<Report> rows = this.reports.page(status, paging.offset(), paging.fetchSize());
		return ResponseEntity.ok().headers(paging.linkHeaders(rows)).body(new Reports.Page(paging.trim(rows)));
	}

	@PostMapping("/v1/moderation/reports/{id}/resolve")
	@Operation(summary = "Resolve a report: dismiss it, take the post or comment down, or suspend the account "
			+ "behind it (idempotent for the same action)")
	@ApiResponse(responseCode = "200", description = "The report, RESOLVED")
	@ApiResponse(responseCode = "403", description = "forbidden: the caller is not a moderator")
	@ApiResponse(responseCode = "409", description = "conflict: resolved already with another action")
	@ApiResponse(responseCode = "422", description = "unsupported-action: a take-down of a user")
	Report resolve(@PathVariable("id") long id, @RequestBody Resolution resolution) {
		return this.reports.resolve(moderator(), id, resolution.action(), resolution.note());
	}

	@PostMapping("/v1/moderation/users/{id}/reinstate")
	@Operation(summary = "Lift the suspension of user {id} (idempotent)")
	@ApiResponse(responseCode = "200", description = "The account is live")
	@ApiResponse(responseCode = "403", description = "forbidden: the caller is not a moderator")
	@ApiResponse(responseCode = "404", description = "not-found: no such account")
	Reinstated reinstate(@PathVariable("id") long id) {
		moderator();
		this.suspensions.reinstate(id);
		return new Reinstated(id, false);
	}

	/** The caller, who must be a moderator. */
	private static long moderator() {
		long callerId = CurrentUser.id();
		boolean moderator = CurrentUser.claim("roles")
			.filter(Collection.class::isInstance)
			.map((roles) -> ((Collection<?>) roles).contains(MODERATOR))
			.orElse(false);
		if (!moderator) {
			throw ApiException.forbidden("Only moderators may do this.");
		}
		return callerId;
	}

	/**
	 * A moderator's decision.
	 *
	 * @param action {@code dismiss}, {@code take_down} or {@code suspend}
	 * @param note the moderator's note, optional
	 */
	record Resolution(String action, String note) {

	}

	/**
	 * An account after its reinstatement.
	 *
	 * @param userId the account
	 * @param suspended whether it is suspended now
	 */
	record Reinstated(@JsonId long userId, boolean suspended) {

	}

}

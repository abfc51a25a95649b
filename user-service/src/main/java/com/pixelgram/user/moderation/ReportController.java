package com.pixelgram.user.moderation;

import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Reports of posts, comments and users, by any user. */
@RestController
class ReportController {

	private final Reports reports;

	ReportController(Reports reports) {
		this.reports = reports;
	}

	@PostMapping("/v1/reports")
	@Operation(summary = "Report a post, comment or user (201); the same open report again returns it (200)")
	@ApiResponse(responseCode = "201", description = "The report, OPEN")
	@ApiResponse(responseCode = "200", description = "The reporter's open report of the same target")
	@ApiResponse(responseCode = "400", description = "validation: unknown type or reason, comment too long")
	@ApiResponse(responseCode = "404", description = "not-found: no such target, or one the reporter cannot see")
	@ApiResponse(responseCode = "422", description = "self-report: the reporter or their own content")
	ResponseEntity<Report> report(@RequestBody NewReport request) {
		Reports.Filed filed = this.reports.file(CurrentUser.id(), request.targetType(), request.targetId(),
				request.reason(), request.comment());
		return ResponseEntity.status(filed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(filed.report());
	}

	/**
	 * A report as a user files it.
	 *
	 * @param targetType {@code post}, {@code comment} or {@code user}
	 * @param targetId the ID of the post, comment or user
	 * @param reason {@code spam}, {@code harassment}, {@code nudity}, {@code violence},
	 * {@code hate}, {@code self_harm} or {@code other}
	 * @param comment the reporter's words, optional
	 */
	record NewReport(String targetType, String targetId, String reason, String comment) {

	}

}

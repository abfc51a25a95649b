package com.pixelgram.user.export;

import java.net.URI;

import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A user's copy of their own data. */
@RestController
class DataExportController {

	private final DataExports exports;

	DataExportController(DataExports exports) {
		this.exports = exports;
	}

	@PostMapping("/v1/users/me/export")
	@Operation(summary = "Ask for a zip of the caller's data: profile, posts, comments, likes and original photos")
	@ApiResponse(responseCode = "202",
			description = "The export to poll (Location); while one is PENDING, a repeat answers that one")
	ResponseEntity<ExportAccepted> request() {
		long exportId = this.exports.request(CurrentUser.id());
		return ResponseEntity.accepted()
			.location(URI.create("/v1/users/me/exports/" + exportId))
			.body(new ExportAccepted(exportId));
	}

	@GetMapping("/v1/users/me/exports/{id}")
	@Operation(summary = "One of the caller's exports; once READY, with a short-lived download link",
			description = "Status PENDING, READY or FAILED; a READY export is EXPIRED, without a link, once its "
					+ "download window (pixelgram.users.exports.retention, 7 days after completion) ends, when "
					+ "post-service deletes the zip")
	@ApiResponse(responseCode = "200", description = "The export")
	@ApiResponse(responseCode = "404", description = "No export of the caller has that ID")
	DataExportView export(@PathVariable("id") long id) {
		return this.exports.view(CurrentUser.id(), id);
	}

}

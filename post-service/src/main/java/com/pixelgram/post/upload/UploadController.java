package com.pixelgram.post.upload;

import java.net.URI;

import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /v1/posts}: a photo upload, answered once the original is stored. */
@RestController
class UploadController {

	private final UploadService uploads;

	UploadController(UploadService uploads) {
		this.uploads = uploads;
	}

	@PostMapping(path = "/v1/posts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Uploads a photo (JPEG, PNG or WebP, at most 10 MB and 50 megapixels); "
			+ "202 with the final URLs, READY once the renditions are stored")
	@ApiResponse(responseCode = "202", description = "Accepted; the renditions are being made")
	@ApiResponse(responseCode = "403",
			description = "email-not-verified: an unverified account has posted its 3 photos of the last 24 hours")
	ResponseEntity<UploadAccepted> upload(@RequestPart(name = "image", required = false) MultipartFile image,
			@RequestParam(name = "caption", required = false) String caption,
			@RequestParam(name = "location", required = false) String location,
			@RequestParam(name = "alt_text", required = false) String altText,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		UploadAccepted accepted = this.uploads.upload(CurrentUser.id(), image,
				new UploadService.NewPost(caption, location, altText), idempotencyKey);
		return ResponseEntity.accepted().location(URI.create("/v1/posts/" + accepted.postId())).body(accepted);
	}

}

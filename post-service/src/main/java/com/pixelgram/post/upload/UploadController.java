package com.pixelgram.post.upload;

import java.net.URI;
import java.util.List;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /v1/posts}: a photo upload, answered once the originals are stored. */
@RestController
class UploadController {

	private final UploadService uploads;

	UploadController(UploadService uploads) {
		this.uploads = uploads;
	}

	@PostMapping(path = "/v1/posts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Uploads a post of one photo or a carousel of up to 10 (JPEG, PNG or WebP, each at most "
			+ "10 MB and 50 megapixels); 202 with the final URLs, READY once every photo's renditions are stored",
			description = "Either one part 'image' or 1 to 10 parts 'images', in order, never both. 'alt_text' "
					+ "may be repeated: the n-th is the n-th photo's, photos after the last have none, and more "
					+ "alt texts than photos is a 400. A problem about one photo of 'images' names it: its detail "
					+ "starts with images[i] and its index property is i (from 0). The whole request is at most "
					+ "101 MB.")
	@ApiResponse(responseCode = "202", description = "Accepted; the renditions are being made")
	@ApiResponse(responseCode = "400",
			description = "validation (both image and images, more than 10 photos, more alt texts than photos, "
					+ "text fields), image-missing, image-corrupt, image-too-many-pixels, image-too-much-metadata")
	@ApiResponse(responseCode = "403",
			description = "email-not-verified: an unverified account has posted its 3 photos of the last 24 hours")
	@ApiResponse(responseCode = "413", description = "payload-too-large: a photo over 10 MB or a request over 101 MB")
	@ApiResponse(responseCode = "415", description = "unsupported-image-type: a photo that is not JPEG, PNG or WebP")
	ResponseEntity<UploadAccepted> upload(
			@Parameter(description = "The photo of a single-photo post") @RequestPart(name = "image",
					required = false) MultipartFile image,
			@Parameter(description = "The photos of a carousel, in order (1 to 10 parts)") @RequestPart(name = "images",
					required = false) List<MultipartFile> images,
			@RequestParam(name = "caption", required = false) String caption,
			@RequestParam(name = "location", required = false) String location, HttpServletRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		boolean carousel = images != null && !images.isEmpty();
		if (carousel && image != null) {
			throw ApiException.validation("The request has invalid fields.",
					List.of(new FieldViolation("images", "send one 'image' part or 'images' parts, not both")));
		}
		List<MultipartFile> photos = carousel ? images : (image != null) ? List.of(image) : List.of();
		// Read as sent: bound to a list, one value holding commas would be split.
		String[] altTexts = request.getParameterValues("alt_text");
		UploadAccepted accepted = this.uploads.upload(CurrentUser.id(), photos, carousel,
				new UploadService.NewPost(caption, location, (altTexts != null) ? List.of(altTexts) : List.of()),
				idempotencyKey);
		return ResponseEntity.accepted().location(URI.create("/v1/posts/" + accepted.postId())).body(accepted);
	}

}

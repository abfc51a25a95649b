package com.pixelgram.web;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import com.pixelgram.shard.UnknownShardException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class ProblemTestController {

	@PostMapping("/things")
	NewThing create(@Valid @RequestBody NewThing thing) {
		return thing;
	}

	@GetMapping("/things/{id}")
	Map<String, Long> thing(@PathVariable long id) {
		return Map.of("id", id);
	}

	@GetMapping("/search")
	List<String> search(@RequestParam @Size(min = 2) String q, @RequestParam(defaultValue = "20") @Max(100) int limit) {
		return List.of(q);
	}

	@PostMapping(path = "/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Map<String, Long> upload(@RequestPart MultipartFile file) {
		return Map.of("size", file.getSize());
	}

	@GetMapping("/devices/{token}/boom")
	void boomWithSecretInPath(@PathVariable String token) {
		throw new IllegalStateException("failed for a device");
	}

	@GetMapping("/boom")
	void boom() {
		throw new IllegalStateException(WebTestApplication.SECRET);
	}

	@GetMapping("/shards/{shard}/things")
	void onShard(@PathVariable int shard) {
		throw new UnknownShardException(shard);
	}

	@PostMapping("/usernames")
	void takeUsername() {
		throw new DuplicateKeyException(
				"ERROR: duplicate key value violates unique constraint \"users_username_key\"; SQL [insert into users]");
	}

	@GetMapping("/images/huge")
	void hugeImage() {
		throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "image-too-large-pixels", "Image too large",
				"The image has more than 40 megapixels.")
			.property("max_pixels", 40_000_000);
	}

	@PostMapping("/captions")
	void storeCaption() {
		throw new DataIntegrityViolationException("could not execute statement",
				new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
	}

	@PostMapping("/locks")
	void lostADeadlock() {
		throw new CannotAcquireLockException("deadlock detected; SQL [update users set followers_count = ...]");
	}

	@GetMapping("/busy")
	void busy() {
		throw new ApiException(ProblemType.RATE_LIMITED, "Slow down.").header("Retry-After", "7");
	}

	record NewThing(@NotBlank String fullName, @NotNull @Email String emailAddress, @Min(1) int quantity) {

	}

}

package com.pixelgram.user.profile;

import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Profiles: anyone's to read, one's own to change. */
@RestController
class ProfileController {

	private final ProfileService profiles;

	ProfileController(ProfileService profiles) {
		this.profiles = profiles;
	}

	@GetMapping("/v1/users/me")
	@Operation(summary = "The caller's own profile, with email")
	UserProfile me() {
		return this.profiles.me(CurrentUser.id());
	}

	@GetMapping("/v1/users/{id}")
	@Operation(summary = "A user's profile, with whether the caller follows them")
	UserProfile profile(@PathVariable("id") long id) {
		return this.profiles.view(id, CurrentUser.id());
	}

	@PutMapping("/v1/users/{id}")
	@Operation(summary = "Change the caller's own profile (username, full name, bio, image URL)")
	UserProfile update(@PathVariable("id") long id, @Valid @RequestBody UpdateProfileRequest request) {
		return this.profiles.update(id, CurrentUser.id(), request);
	}

}

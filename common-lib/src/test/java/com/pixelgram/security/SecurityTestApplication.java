package com.pixelgram.security;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service behind the common resource server configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(SecurityTestApplication.SecuredController.class)
class SecurityTestApplication {

	@RestController
	static class SecuredController {

		@GetMapping("/v1/me")
		Map<String, Long> me() {
			return Map.of("id", CurrentUser.id());
		}

		@GetMapping("/v1/admin")
		@PreAuthorize("hasAuthority('SCOPE_admin')")
		Map<String, String> admin() {
			return Map.of("secret", "only for admins");
		}

		@GetMapping("/internal/users")
		Map<String, Object> internalUsers() {
			// Internal callers are services, not users.
			return Map.of("caller_is_user", CurrentUser.idIfPresent().isPresent());
		}

	}

}

package com.pixelgram.notification.push;

import java.time.Instant;

import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's push registrations. */
@RestController
class DeviceController {

	private final Devices devices;

	DeviceController(Devices devices) {
		this.devices = devices;
	}

	@PostMapping("/v1/devices")
	@Operation(summary = "Registers a device for push (idempotent: 201 when new, 200 when known; "
			+ "409 when another account registered it after this session's login)")
	ResponseEntity<DeviceView> register(@Valid @RequestBody DeviceRequest request,
			@AuthenticationPrincipal Jwt accessToken) {
		Devices.Registration registration = this.devices.register(CurrentUser.id(), request.platform(),
				request.token().trim(), loggedInAt(accessToken));
		return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new DeviceView(registration.platform(), registration.createdAt(), registration.updatedAt()));
	}

	@DeleteMapping("/v1/devices/{token}")
	@Operation(summary = "Unregisters one of the caller's devices (idempotent)")
	ResponseEntity<Void> unregister(@PathVariable("token") String token) {
		this.devices.remove(CurrentUser.id(), token);
		return ResponseEntity.noContent().build();
	}

	/**
	 * When the session of the token began: {@code auth_time} when the issuer keeps the
	 * login's time across refreshes, else the token's issue time. Neither: never after
	 * anything.
	 */
	static Instant loggedInAt(Jwt accessToken) {
		Instant authTime = accessToken.getClaimAsInstant("auth_time");
		if (authTime != null) {
			return authTime;
		}
		return (accessToken.getIssuedAt() != null) ? accessToken.getIssuedAt() : Instant.EPOCH;
	}

	/**
	 * @param platform {@code ios} or {@code android}
	 * @param token the push provider's registration token
	 */
	record DeviceRequest(@NotNull @Pattern(regexp = "ios|android", message = "must be ios or android") String platform,
			@NotBlank @Size(max = 4096) String token) {

	}

	/**
	 * A registration, without its token.
	 *
	 * @param platform the platform
	 * @param createdAt first registration
	 * @param updatedAt latest registration
	 */
	record DeviceView(String platform, Instant createdAt, Instant updatedAt) {

	}

}

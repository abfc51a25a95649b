package com.pixelgram.user.auth;

import java.net.URI;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.profile.UserProfile;
import com.pixelgram.user.token.TokenPair;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Registration, login, token refresh and logout. */
@RestController
class AuthController {

	private final RegistrationService registrations;

	private final LoginService logins;

	private final TokenService tokens;

	private final AccountReader reader;

	AuthController(RegistrationService registrations, LoginService logins, TokenService tokens, AccountReader reader) {
		this.registrations = registrations;
		this.logins = logins;
		this.tokens = tokens;
		this.reader = reader;
	}

	@PostMapping("/v1/auth/register")
	@Operation(summary = "Create an account and log in; a verification link is mailed to the address")
	ResponseEntity<AuthResponse> register(@Valid @RequestBody AuthRequests.Register request,
			@RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
		AuthResponse response = this.registrations.register(request, userAgent);
		return ResponseEntity.created(URI.create("/v1/users/" + response.user().userId()))
			.cacheControl(CacheControl.noStore())
			.body(response);
	}

	@PostMapping("/v1/auth/login")
	@Operation(summary = "Log in with a username or an email and a password")
	ResponseEntity<AuthResponse> login(@Valid @RequestBody AuthRequests.Login request,
			HttpServletRequest servletRequest,
			@RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
		// The client's address as Tomcat resolved it from the X-Forwarded-For of the
		// proxy
		// in front (server.forward-headers-strategy), else the peer's.
		AuthResponse response = this.logins.login(request, servletRequest.getRemoteAddr(), userAgent);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response);
	}

	@PostMapping("/v1/auth/refresh")
	@Operation(summary = "Exchange a refresh token for a new token pair (the old one stops working)")
	ResponseEntity<AuthResponse> refresh(@Valid @RequestBody AuthRequests.Refresh request) {
		TokenPair pair = this.tokens.refresh(request.refreshToken());
		UserProfile user = this.reader.find(pair.userId())
			.map(UserProfile::own)
			.orElseThrow(() -> new ApiException(ProblemType.UNAUTHORIZED, "The account no longer exists."));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(AuthResponse.of(user, pair));
	}

	@PostMapping("/v1/auth/logout")
	@Operation(summary = "End the session of a refresh token")
	ResponseEntity<Void> logout(@Valid @RequestBody AuthRequests.Refresh request) {
		this.tokens.revoke(request.refreshToken(), CurrentUser.id());
		return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
	}

}

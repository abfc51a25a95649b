package com.pixelgram.user.auth;

import java.time.Instant;
import java.util.List;

import com.pixelgram.security.CurrentUser;
import com.pixelgram.user.token.AccessRevocations;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's sessions: each login is one, as long as its refresh token lives. Ending a
 * session revokes its refresh token; access tokens already issued live on until they
 * expire (15 minutes).
 */
@RestController
class SessionController {

	private final TokenService tokens;

	private final AccessRevocations revocations;

	SessionController(TokenService tokens, AccessRevocations revocations) {
		this.tokens = tokens;
		this.revocations = revocations;
	}

	@GetMapping("/v1/auth/sessions")
	@Operation(summary = "The caller's live sessions, most recently used first; current marks the caller's own")
	ResponseEntity<Sessions> sessions() {
		String current = CurrentUser.claim("sid").map(Object::toString).orElse(null);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new Sessions(this.tokens.sessions(CurrentUser.id(), current)));
	}

	@DeleteMapping("/v1/auth/sessions/{sessionId}")
	@Operation(summary = "End one of the caller's sessions (log out that device)")
	@ApiResponse(responseCode = "204", description = "Ended")
	@ApiResponse(responseCode = "404", description = "The caller has no live session of that ID")
	ResponseEntity<Void> endSession(@PathVariable String sessionId) {
		if (!this.tokens.revokeSession(CurrentUser.id(), sessionId)) {
			throw ApiException.notFound("There is no such session.");
		}
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/v1/auth/sessions")
	@Operation(summary = "End every session of the caller, this one included (log out everywhere): "
			+ "their refresh tokens at once, their access tokens at the gateways within about a second")
	@ApiResponse(responseCode = "204", description = "Ended")
	ResponseEntity<Void> endAllSessions() {
		long userId = CurrentUser.id();
		// taken before the revocation: a login after it is never refused
		Instant signedOutAt = Instant.now();
		this.tokens.revokeAll(userId);
		this.revocations.signedOut(userId, signedOutAt);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The list of sessions.
	 *
	 * @param sessions the sessions
	 */
	record Sessions(List<TokenService.Session> sessions) {

	}

}

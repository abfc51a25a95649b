package com.pixelgram.user.auth;

import com.pixelgram.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Email verification and change, password change and reset, and account deletion. */
@RestController
class AccountLifecycleController {

	private final EmailVerificationService verifications;

	private final PasswordService passwords;

	private final AccountDeletionService deletions;

	private final EmailChangeService emailChanges;

	AccountLifecycleController(EmailVerificationService verifications, PasswordService passwords,
			AccountDeletionService deletions, EmailChangeService emailChanges) {
		this.verifications = verifications;
		this.passwords = passwords;
		this.deletions = deletions;
		this.emailChanges = emailChanges;
	}

	@PostMapping("/v1/auth/email/verify")
	@Operation(summary = "Verify the account's email with the token of a verification mail, or move the account "
			+ "to its new email with the token of an email-change mail (no access token needed)")
	@ApiResponse(responseCode = "204",
			description = "The email is verified (after a change: the account has the "
					+ "new email, verified, and the old one is free); a refreshed access token says so")
	@ApiResponse(responseCode = "400", description = "invalid-token: invalid, used, expired, for an older address "
			+ "or replaced by a newer email change")
	ResponseEntity<Void> verifyEmail(@Valid @RequestBody AuthRequests.VerifyEmail request) {
		if (this.emailChanges.isChangeToken(request.token())) {
			this.emailChanges.confirm(request.token());
		}
		else {
			this.verifications.verify(request.token());
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/v1/auth/email")
	@Operation(summary = "Change the caller's email, confirmed with its password: a link goes to the new address",
			description = "Nothing changes yet: the new address is held for the caller (nobody may register it) and "
					+ "a link valid 48 hours (pixelgram.users.lifecycle.verification-token-ttl) is mailed to it. "
					+ "Following the link with POST /v1/auth/email/verify moves the account to the new address, "
					+ "verified, frees the old one and mails a notice to it, with a link valid 7 days that undoes "
					+ "the change (POST /v1/auth/email/undo). Until then the account keeps its "
					+ "email, verified as it was, and logs in with it. A newer request replaces an older one, "
					+ "whose link stops working.")
	@ApiResponse(responseCode = "202", description = "The link is on its way to the new address")
	@ApiResponse(responseCode = "400", description = "validation: no password, or no valid new_email")
	@ApiResponse(responseCode = "401", description = "No or an invalid access token")
	@ApiResponse(responseCode = "403", description = "wrong-password: the current password is wrong")
	@ApiResponse(responseCode = "409",
			description = "conflict: the email is taken by an account (this one, a "
					+ "deleted one in its cooling-off, or another) or held for another account's change")
	@ApiResponse(responseCode = "429", description = "Too many wrong passwords from this address")
	ResponseEntity<Void> changeEmail(@Valid @RequestBody AuthRequests.ChangeEmail request,
			HttpServletRequest servletRequest) {
		this.emailChanges.request(CurrentUser.id(), request, servletRequest.getRemoteAddr());
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/v1/auth/email/undo")
	@Operation(
			summary = "Undo an email change with the token of the notice mailed to the old address "
					+ "(no access token needed)",
			description = "For an owner who did not make the change: the account moves back to the address the "
					+ "notice went to, verified, every session ends as on a password change (access tokens "
					+ "already issued live on until they expire), and every other mailed link of the account "
					+ "stops working (a pending change, a password reset, the undo links of later changes). "
					+ "The link works once and for 7 days (pixelgram.users.lifecycle.undo-token-ttl). The "
					+ "password is unchanged: reset it next, the reset link now goes to the old address.")
	@ApiResponse(responseCode = "204", description = "The account has its old email again; log in anew")
	@ApiResponse(responseCode = "400", description = "invalid-token: invalid, used or expired")
	@ApiResponse(responseCode = "409",
			description = "conflict: another account registered or claimed the old address since; nothing changed")
	ResponseEntity<Void> undoEmailChange(@Valid @RequestBody AuthRequests.UndoEmailChange request) {
		this.emailChanges.undo(request.token());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/v1/auth/email/verification")
	@Operation(summary = "Mail a new verification link to the caller's address (earlier links stop working)")
	@ApiResponse(responseCode = "202", description = "The mail is on its way")
	@ApiResponse(responseCode = "409", description = "email-already-verified")
	ResponseEntity<Void> resendVerification() {
		this.verifications.resend(CurrentUser.id());
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/v1/auth/password")
	@Operation(summary = "Change the caller's password: every session ends, the caller gets a new token pair")
	@ApiResponse(responseCode = "200", description = "The new token pair (every other refresh token is revoked)")
	@ApiResponse(responseCode = "403", description = "wrong-password: the current password is wrong")
	ResponseEntity<AuthResponse> changePassword(@Valid @RequestBody AuthRequests.ChangePassword request,
			HttpServletRequest servletRequest,
			@RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
		AuthResponse response = this.passwords.change(CurrentUser.id(), request, servletRequest.getRemoteAddr(),
				userAgent);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response);
	}

	@DeleteMapping("/v1/users/me")
	@Operation(summary = "Delete the caller's account, confirmed with its password",
			description = "The account is gone at once: logins and token refreshes are refused, the profile is a 404. "
					+ "Within minutes every service erases what it holds of the user (profile, posts and their photos, "
					+ "likes and comments with the counts corrected, follows, blocks, mutes, follow requests, "
					+ "sessions, notifications, push devices, feeds). Access tokens already issued live on until "
					+ "they expire (15 minutes). The username and email stay taken for a cooling-off period after "
					+ "the deletion (pixelgram.users.deletion.cooling-off, 30 days by default), then anyone may "
					+ "register them. Repeating the request for a deleted account changes nothing and is answered "
					+ "202 again.")
	@ApiResponse(responseCode = "202", description = "The account is deleted; its data is being erased")
	@ApiResponse(responseCode = "400", description = "validation: no password given")
	@ApiResponse(responseCode = "401", description = "No or an invalid access token")
	@ApiResponse(responseCode = "403", description = "wrong-password: the password is wrong")
	@ApiResponse(responseCode = "429", description = "Too many wrong passwords from this address")
	ResponseEntity<Void> deleteAccount(@Valid @RequestBody AuthRequests.DeleteAccount request,
			HttpServletRequest servletRequest) {
		this.deletions.delete(CurrentUser.id(), request.password(), servletRequest.getRemoteAddr());
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/v1/auth/password-reset")
	@Operation(summary = "Mail a password-reset link (valid 15 minutes) to the address if it has an account; "
			+ "always 202, whether it has or not")
	@ApiResponse(responseCode = "202", description = "Accepted; a mail goes out if the address has an account")
	ResponseEntity<Void> requestReset(@Valid @RequestBody AuthRequests.RequestReset request) {
		this.passwords.requestReset(request.email());
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/v1/auth/password-reset/confirm")
	@Operation(summary = "Set a new password with the token of a reset mail; every session of the account ends")
	@ApiResponse(responseCode = "204", description = "The password is set; log in with it")
	@ApiResponse(responseCode = "400", description = "invalid-token: invalid, used or expired")
	ResponseEntity<Void> confirmReset(@Valid @RequestBody AuthRequests.ConfirmReset request) {
		this.passwords.confirmReset(request);
		return ResponseEntity.noContent().build();
	}

}

package com.pixelgram.user.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.pixelgram.user.account.AccountRules;
import jakarta.validation.GroupSequence;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies of the authentication endpoints. */
final class AuthRequests {

	private AuthRequests() {
	}

	/**
	 * A new account. Sizes are checked before patterns ({@link AccountRules.Content}).
	 *
	 * @param username 3 to 30 of {@code [a-z0-9._]}, unique ignoring case
	 * @param email a valid address, unique ignoring case
	 * @param password 8 to 128 characters
	 * @param fullName optional display name, at most 60 characters
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@GroupSequence({ Register.class, AccountRules.Content.class })
	record Register(
			@NotNull @Size(max = 30, message = AccountRules.USERNAME_RULE) @Pattern(
					regexp = AccountRules.USERNAME_PATTERN, message = AccountRules.USERNAME_RULE,
					groups = AccountRules.Content.class) String username,
			@NotNull @Size(max = 254) @Email(regexp = AccountRules.EMAIL_PATTERN,
					message = "must be a valid email address", groups = AccountRules.Content.class) String email,
			@NotNull @Size(min = 8, max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
					message = AccountRules.WELL_FORMED_RULE, groups = AccountRules.Content.class) String password,
			@Size(max = 60) @Pattern(regexp = AccountRules.SINGLE_LINE, message = AccountRules.NO_CONTROL_CHARACTERS,
					groups = AccountRules.Content.class) String fullName) {

	}

	/**
	 * A login with a username or an email (either field may carry either).
	 *
	 * @param username the username or the email
	 * @param email the email, when {@code username} is not given
	 * @param password the password
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Login(@Size(max = 254) String username, @Size(max = 254) String email,
			@NotNull @Size(max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
					message = AccountRules.WELL_FORMED_RULE) String password) {

		/** The login name, or null when neither field carries one. */
		String identifier() {
			if (this.username != null && !this.username.isBlank()) {
				return this.username.strip();
			}
			if (this.email != null && !this.email.isBlank()) {
				return this.email.strip();
			}
			return null;
		}

	}

	/**
	 * A refresh token to rotate or revoke.
	 *
	 * @param refreshToken the token
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Refresh(@NotBlank @Size(max = 100) String refreshToken) {

	}

	/**
	 * The caller's password, to confirm the deletion of their account.
	 *
	 * @param password the password the account has
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@GroupSequence({ DeleteAccount.class, AccountRules.Content.class })
	record DeleteAccount(@NotBlank @Size(max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
			message = AccountRules.WELL_FORMED_RULE, groups = AccountRules.Content.class) String password) {

	}

	/**
	 * A new password for the caller. Sizes are checked before patterns.
	 *
	 * @param currentPassword the password the account has
	 * @param newPassword 8 to 128 characters, as at registration
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@GroupSequence({ ChangePassword.class, AccountRules.Content.class })
	record ChangePassword(@NotNull @Size(max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
			message = AccountRules.WELL_FORMED_RULE, groups = AccountRules.Content.class) String currentPassword,
			@NotNull @Size(min = 8, max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
					message = AccountRules.WELL_FORMED_RULE, groups = AccountRules.Content.class) String newPassword) {

	}

	/**
	 * A new email for the caller. Sizes are checked before patterns.
	 *
	 * @param currentPassword the password the account has
	 * @param newEmail a valid address, unique ignoring case
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@GroupSequence({ ChangeEmail.class, AccountRules.Content.class })
	record ChangeEmail(@NotNull @Size(max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
			message = AccountRules.WELL_FORMED_RULE, groups = AccountRules.Content.class) String currentPassword,
			@NotBlank @Size(max = 254) @Email(regexp = AccountRules.EMAIL_PATTERN,
					message = "must be a valid email address", groups = AccountRules.Content.class) String newEmail) {

	}

	/**
	 * A password reset for whoever has this address.
	 *
	 * @param email the address
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@GroupSequence({ RequestReset.class, AccountRules.Content.class })
	record RequestReset(@NotNull @Size(max = 254) @Email(regexp = AccountRules.EMAIL_PATTERN,
			message = "must be a valid email address", groups = AccountRules.Content.class) String email) {

	}

	/**
	 * A new password with the token of a reset mail.
	 *
	 * @param token the token from the mail
	 * @param newPassword 8 to 128 characters, as at registration
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@GroupSequence({ ConfirmReset.class, AccountRules.Content.class })
	record ConfirmReset(@NotBlank @Size(max = 100) String token,
			@NotNull @Size(min = 8, max = 128) @Pattern(regexp = AccountRules.WELL_FORMED,
					message = AccountRules.WELL_FORMED_RULE, groups = AccountRules.Content.class) String newPassword) {

	}

	/**
	 * The token of a verification mail.
	 *
	 * @param token the token from the mail
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VerifyEmail(@NotBlank @Size(max = 100) String token) {

	}

	/**
	 * The token of the undo link in the notice of an email change.
	 *
	 * @param token the token from the mail
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record UndoEmailChange(@NotBlank @Size(max = 100) String token) {

	}

}

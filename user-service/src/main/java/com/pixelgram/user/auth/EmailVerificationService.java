package com.pixelgram.user.auth;

import java.util.Map;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.mail.MailTemplate;
import com.pixelgram.user.mail.Mailer;
import com.pixelgram.user.token.AccountTokens;
import com.pixelgram.web.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Verifies that a user owns their email: a signed single-use token is mailed at
 * registration and on request, and presenting it marks the address verified, if it still
 * is the account's address.
 */
@Service
class EmailVerificationService {

	private final Shards shards;

	private final AccountRepository accounts;

	private final AccountTokens tokens;

	private final Mailer mailer;

	private final LifecycleProperties properties;

	EmailVerificationService(Shards shards, AccountRepository accounts, AccountTokens tokens, Mailer mailer,
			LifecycleProperties properties) {
		this.shards = shards;
		this.accounts = accounts;
		this.tokens = tokens;
		this.mailer = mailer;
		this.properties = properties;
	}

	/**
	 * Issues a verification token and queues its mail, in the caller's transaction of the
	 * account's shard; earlier links of the account stop working.
	 */
	void start(Account account) {
		String nonce = this.tokens.issue(account.id(), AccountTokens.Purpose.VERIFY_EMAIL, account.email(),
				this.properties.verificationTokenTtl());
		this.mailer.send(account.id(), MailTemplate.VERIFY_EMAIL, account.email(),
				Map.of("username", account.username(), "email", account.email(), "nonce", nonce, "valid_for",
						Durations.describe(this.properties.verificationTokenTtl())));
	}

	/**
	 * Issues an email-change token for the new address and mails its link there, in the
	 * caller's transaction of the account's shard; the account's earlier change links
	 * stop working, its verification links do not.
	 */
	void startChange(Account account, String newEmail) {
		String nonce = this.tokens.issue(account.id(), AccountTokens.Purpose.CHANGE_EMAIL, newEmail,
				this.properties.verificationTokenTtl());
		this.mailer.send(account.id(), MailTemplate.CONFIRM_EMAIL_CHANGE, newEmail,
				Map.of("username", account.username(), "email", newEmail, "nonce", nonce, "valid_for",
						Durations.describe(this.properties.verificationTokenTtl())));
	}

	/**
	 * Mails a new link.
	 * @throws ApiException 409 when the email is verified already
	 */
	void resend(long userId) {
		this.shards.write(this.shards.shardOf(userId), () -> {
			Account account = this.accounts.findForUpdate(userId)
				.orElseThrow(() -> ApiException.notFound("There is no such user."));
			if (account.emailVerified()) {
				throw new ApiException(HttpStatus.CONFLICT, "email-already-verified", "Email already verified",
						"The email address is verified already.");
			}
			start(account);
		});
	}

	/**
	 * Marks the email the token was mailed to verified.
	 * @throws ApiException 400 when the token is invalid, used, expired, or was mailed to
	 * an address the account no longer has
	 */
	void verify(String token) {
		long userId = this.tokens.userOf(token, AccountTokens.Purpose.VERIFY_EMAIL)
			.orElseThrow(EmailVerificationService::invalidToken);
		boolean verified = this.shards.write(this.shards.shardOf(userId),
				() -> this.tokens.redeem(token, AccountTokens.Purpose.VERIFY_EMAIL)
					.map((redeemed) -> this.accounts.verifyEmail(userId, redeemed.email()))
					.orElse(false));
		if (!verified) {
			throw invalidToken();
		}
	}

	static ApiException invalidToken() {
		return new ApiException(HttpStatus.BAD_REQUEST, "invalid-token", "Invalid token",
				"The token is invalid, expired or used already.");
	}

}

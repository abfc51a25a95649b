package com.pixelgram.user.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.AccountRules;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.mail.MailTemplate;
import com.pixelgram.user.mail.Mailer;
import com.pixelgram.user.token.AccessRevocations;
import com.pixelgram.user.token.AccountTokens;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.FieldViolation;
import com.pixelgram.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Moves an account to a new email once the user proved they read it, without a
 * transaction across databases.
 * <p>
 * A request claims the new address in the global directory first (a taken or claimed one
 * is a 409 and nothing changes), replacing the user's earlier claim; then the change
 * token and its mail to the new address commit in the user's shard, voiding the earlier
 * change links. Until the link is followed the account keeps its email, verified as it
 * was, and logs in with it.
 * <p>
 * Following the link moves the directory entry to the claimed address first, which frees
 * the old one, then the account row, the used token and a notice to the old address
 * commit in the shard; if that fails the directory gets the old address back. The claim
 * is released last; one left behind expires with its token and the sweeper removes it.
 * <p>
 * The notice carries an undo link, since a password reset would go to the new address:
 * whoever stole the password cannot lock the owner out. Following it gives the directory
 * entry the old address back first (a 409 if another account holds or claims it since),
 * then the account row (verified: the owner read the mail), the used link, the voiding of
 * every other mailed link and the end of every session commit in the shard, as a password
 * change ends them; if that fails the directory gets the shard's address back. Then the
 * gateways are told to refuse the account's access tokens issued before
 * ({@link AccessRevocations}): whoever changed the email is signed out within seconds,
 * and the owner's next login works. Pending changes' claims are released last.
 */
@Service
class EmailChangeService {

	private static final Logger log = LoggerFactory.getLogger(EmailChangeService.class);

	private final Shards shards;

	private final Directory directory;

	private final AccountRepository accounts;

	private final AccountTokens tokens;

	private final TokenService sessions;

	private final PasswordHasher passwords;

	private final LoginThrottle throttle;

	private final EmailVerificationService verifications;

	private final Mailer mailer;

	private final LifecycleProperties properties;

	private final AccessRevocations revocations;

	EmailChangeService(Shards shards, Directory directory, AccountRepository accounts, AccountTokens tokens,
			TokenService sessions, PasswordHasher passwords, LoginThrottle throttle,
			EmailVerificationService verifications, Mailer mailer, LifecycleProperties properties,
			AccessRevocations revocations) {
		this.shards = shards;
		this.directory = directory;
		this.accounts = accounts;
		this.tokens = tokens;
		this.sessions = sessions;
		this.passwords = passwords;
		this.throttle = throttle;
		this.verifications = verifications;
		this.mailer = mailer;
		this.properties = properties;
		this.revocations = revocations;
	}

	/**
	 * Claims the new email and mails a link to it. Wrong passwords count against the
	 * login throttle of the account and address, as for a password change.
	 * @throws ApiException 403 {@code wrong-password}, 409 when the email is taken or
	 * claimed, 429 while the address is throttled
	 */
	void request(long userId, AuthRequests.ChangeEmail request, String clientIp) {
		String subject = "user:" + userId;
		OptionalLong blockedFor = this.throttle.blockedFor(subject, clientIp);
		if (blockedFor.isPresent()) {
			throw new ApiException(ProblemType.RATE_LIMITED, "Too many wrong passwords. Try again later.")
				.header(HttpHeaders.RETRY_AFTER, Long.toString(blockedFor.getAsLong()));
		}
		int shard = this.shards.shardOf(userId);
		Account account = this.shards.read(shard, () -> this.accounts.find(userId))
			.orElseThrow(() -> ApiException.notFound("There is no such user."));
		if (!this.passwords.matches(request.currentPassword(), account.passwordHash())) {
			this.throttle.recordFailure(subject, clientIp);
			throw new ApiException(HttpStatus.FORBIDDEN, "wrong-password", "Wrong password",
					"The current password is wrong.");
		}
		this.throttle.reset(subject, clientIp);
		String email = request.newEmail();
		if (AccountRules.emailKey(email).equals(AccountRules.emailKey(account.email()))) {
			throw conflict("That email is the account's already.", "is the account's email already");
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		try {
			this.shards.writeGlobal(() -> {
				this.directory.claimEmail(userId, email, now, now.plus(this.properties.verificationTokenTtl()));
				return null;
			});
		}
		catch (DuplicateKeyException ex) {
			throw conflict("That email is already registered.", "is already registered");
		}
		try {
			this.shards.write(shard, () -> {
				Account current = this.accounts.findForUpdate(userId)
					.orElseThrow(() -> ApiException.notFound("There is no such user."));
				this.verifications.startChange(current, email);
			});
		}
		catch (RuntimeException ex) {
			releaseClaim(userId, email);
			throw ex;
		}
	}

	/** Whether the token is a signed email-change token (nothing is read). */
	boolean isChangeToken(String token) {
		return this.tokens.userOf(token, AccountTokens.Purpose.CHANGE_EMAIL).isPresent();
	}

	/**
	 * Moves the account to the address the token was mailed to, verified, and mails a
	 * notice with an undo link to the old one.
	 * @throws ApiException 400 {@code invalid-token} when the token is invalid, used,
	 * expired or replaced by a newer request
	 */
	void confirm(String token) {
		long userId = this.tokens.userOf(token, AccountTokens.Purpose.CHANGE_EMAIL)
			.orElseThrow(EmailVerificationService::invalidToken);
		int shard = this.shards.shardOf(userId);
		String email = this.shards.read(shard, () -> this.tokens.peek(token, AccountTokens.Purpose.CHANGE_EMAIL))
			.orElseThrow(EmailVerificationService::invalidToken)
			.email();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		boolean moved;
		try {
			moved = this.shards.writeGlobal(() -> this.directory.moveToClaimedEmail(userId, email, now));
		}
		catch (DuplicateKeyException ex) {
			moved = false;
		}
		if (!moved) {
			throw EmailVerificationService.invalidToken();
		}
		Optional<String> oldEmail;
		try {
			oldEmail = this.shards.write(shard, () -> {
				if (this.tokens.redeem(token, AccountTokens.Purpose.CHANGE_EMAIL).isEmpty()) {
					return Optional.empty();
				}
				return this.accounts.findForUpdate(userId).map((account) -> {
					this.accounts.changeEmail(userId, email, now);
					String nonce = this.tokens.issue(userId, AccountTokens.Purpose.UNDO_EMAIL_CHANGE, account.email(),
							this.properties.undoTokenTtl());
					this.mailer.send(userId, MailTemplate.EMAIL_CHANGED_UNDO, account.email(),
							Map.of("username", account.username(), "new_email", mask(email), "nonce", nonce,
									"valid_for", Durations.describe(this.properties.undoTokenTtl())));
					return account.email();
				});
			});
		}
		catch (RuntimeException ex) {
			restore(userId);
			throw ex;
		}
		if (oldEmail.isEmpty()) {
			// A newer request voided the token, or a concurrent confirmation used it.
			restore(userId);
			throw EmailVerificationService.invalidToken();
		}
		releaseClaim(userId, email);
		log.info("User {} moved to a new email", userId);
	}

	/**
	 * Moves the account back to the address the undo token was mailed to, verified, ends
	 * every session (its access tokens too, at the gateways) and voids every other mailed
	 * link of the account (those of a pending change, a password reset mailed to the
	 * address it leaves, other undo links).
	 * @throws ApiException 400 {@code invalid-token} when the token is invalid, used or
	 * expired, or the account is gone; 409 when another account holds or claims the
	 * address since
	 */
	void undo(String token) {
		long userId = this.tokens.userOf(token, AccountTokens.Purpose.UNDO_EMAIL_CHANGE)
			.orElseThrow(EmailVerificationService::invalidToken);
		int shard = this.shards.shardOf(userId);
		String email = this.shards
			.read(shard,
					() -> this.tokens.peek(token, AccountTokens.Purpose.UNDO_EMAIL_CHANGE)
						.filter((redeemed) -> this.accounts.exists(userId)))
			.orElseThrow(EmailVerificationService::invalidToken)
			.email();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		boolean returned;
		try {
			returned = this.shards.writeGlobal(() -> this.directory.returnToEmail(userId, email, now));
		}
		catch (DuplicateKeyException ex) {
			throw ApiException.conflict("The old email address belongs to another account now.");
		}
		if (!returned) {
			throw EmailVerificationService.invalidToken();
		}
		Instant signedOutAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		boolean undone;
		try {
			undone = this.shards.write(shard, () -> {
				if (this.tokens.redeem(token, AccountTokens.Purpose.UNDO_EMAIL_CHANGE).isEmpty()
						|| this.accounts.findForUpdate(userId).isEmpty()) {
					return false;
				}
				this.accounts.changeEmail(userId, email, now);
				this.tokens.voidAll(userId);
				this.sessions.revokeAll(userId);
				return true;
			});
		}
		catch (RuntimeException ex) {
			restore(userId);
			throw ex;
		}
		if (!undone) {
			// A concurrent undo used the token, or the account went meanwhile.
			restore(userId);
			throw EmailVerificationService.invalidToken();
		}
		this.revocations.signedOut(userId, signedOutAt);
		releaseClaims(userId);
		log.info("User {} moved back to its old email: every session ended", userId);
	}

	/**
	 * Points the directory back at the email the account row has, when they differ.
	 */
	private void restore(long userId) {
		try {
			this.shards.read(this.shards.shardOf(userId), () -> this.accounts.find(userId))
				.ifPresent((account) -> this.shards.writeGlobal(() -> {
					this.directory.restoreEmail(userId, account.email());
					return null;
				}));
		}
		catch (RuntimeException ex) {
			log.error("The directory entry of user {} may not name the account's email: {}", userId, ex.toString());
		}
	}

	private void releaseClaim(long userId, String email) {
		try {
			this.shards.writeGlobal(() -> {
				this.directory.releaseClaim(userId, email);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Email claim of user {} not released, it expires: {}", userId, ex.toString());
		}
	}

	private void releaseClaims(long userId) {
		try {
			this.shards.writeGlobal(() -> {
				this.directory.releaseClaims(userId);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Email claims of user {} not released, they expire: {}", userId, ex.toString());
		}
	}

	/**
	 * An address as a notice names it, enough for its owner to recognize:
	 * {@code n***@example.com}.
	 */
	static String mask(String email) {
		int at = email.lastIndexOf('@');
		return email.substring(0, Math.min(1, at)) + "***" + email.substring(at);
	}

	private static ApiException conflict(String detail, String violation) {
		return ApiException.conflict(detail).property("errors", List.of(new FieldViolation("new_email", violation)));
	}

}

package com.pixelgram.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.mail.MailTemplate;
import com.pixelgram.user.mail.Mailer;
import com.pixelgram.user.profile.UserProfile;
import com.pixelgram.user.token.AccessRevocations;
import com.pixelgram.user.token.AccountTokens;
import com.pixelgram.user.token.TokenPair;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Changes and resets passwords. Either way the new hash, the revocation of every session
 * and a "password changed" mail commit in one transaction of the user's shard; then the
 * gateways are told to refuse the account's access tokens issued before
 * ({@link AccessRevocations}), and a changed password's new pair, issued in the
 * transaction after the revocation, still works.
 * <p>
 * A reset request is answered before anything is looked up: the work (directory lookup,
 * token, mail) runs on a small pool of its own, so the answer and its timing are the same
 * whether the address has an account or not. At most {@code reset-mails-per-email} reset
 * mails go to one address per {@code reset-mail-window} (counted in Redis by a digest of
 * the address, for every address alike); more requests are answered alike and send
 * nothing.
 */
@Service
class PasswordService implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PasswordService.class);

	private final Shards shards;

	private final Directory directory;

	private final AccountRepository accounts;

	private final TokenService tokens;

	private final AccountTokens accountTokens;

	private final PasswordHasher passwords;

	private final LoginThrottle throttle;

	private final Mailer mailer;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final LifecycleProperties properties;

	private final AccessRevocations revocations;

	private final ThreadPoolExecutor resets = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1000), (task) -> {
				Thread thread = new Thread(task, "password-reset");
				thread.setDaemon(true);
				return thread;
			});

	PasswordService(Shards shards, Directory directory, AccountRepository accounts, TokenService tokens,
			AccountTokens accountTokens, PasswordHasher passwords, LoginThrottle throttle, Mailer mailer,
			StringRedisTemplate redis, RedisKeys keys, LifecycleProperties properties, AccessRevocations revocations) {
		this.shards = shards;
		this.directory = directory;
		this.accounts = accounts;
		this.tokens = tokens;
		this.accountTokens = accountTokens;
		this.passwords = passwords;
		this.throttle = throttle;
		this.mailer = mailer;
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
		this.revocations = revocations;
	}

	/**
	 * Changes the caller's password, ends every session of the account and starts a new
	 * one for the caller. Wrong current passwords count against the login throttle of the
	 * account and address.
	 * @throws ApiException 403 {@code wrong-password}, 429 while the address is throttled
	 */
	AuthResponse change(long userId, AuthRequests.ChangePassword request, String clientIp, String userAgent) {
		String subject = "user:" + userId;
		OptionalLong blockedFor = this.throttle.blockedFor(subject, clientIp);
		if (blockedFor.isPresent()) {
			throw new ApiException(ProblemType.RATE_LIMITED, "Too many wrong passwords. Try again later.")
				.header(HttpHeaders.RETRY_AFTER, Long.toString(blockedFor.getAsLong()));
		}
		Account account = this.shards.read(this.shards.shardOf(userId), () -> this.accounts.find(userId))
			.orElseThrow(() -> ApiException.notFound("There is no such user."));
		if (!this.passwords.matches(request.currentPassword(), account.passwordHash())) {
			this.throttle.recordFailure(subject, clientIp);
			throw new ApiException(HttpStatus.FORBIDDEN, "wrong-password", "Wrong password",
					"The current password is wrong.");
		}
		this.throttle.reset(subject, clientIp);
		String hash = this.passwords.encode(request.newPassword());
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		TokenPair pair = this.shards.write(this.shards.shardOf(userId), () -> {
			setPassword(account, hash, now);
			return this.tokens.issue(userId, userAgent);
		});
		this.revocations.signedOut(userId, now);
		return AuthResponse.of(UserProfile.own(account), pair);
	}

	/**
	 * Queues a reset for the address; returns at once whatever the address is.
	 */
	void requestReset(String email) {
		try {
			this.resets.execute(() -> {
				try {
					sendReset(email);
				}
				catch (RuntimeException ex) {
					log.warn("Password reset not sent: {}", ex.toString());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			log.warn("Password reset dropped: {} resets are waiting already", this.resets.getQueue().size());
		}
	}

	/**
	 * Sets a new password with a reset token; every session of the account ends. The
	 * token proves the address it was mailed to, so that address counts as verified.
	 * @throws ApiException 400 {@code invalid-token} when the token is invalid, used or
	 * expired
	 */
	void confirmReset(AuthRequests.ConfirmReset request) {
		long userId = this.accountTokens.userOf(request.token(), AccountTokens.Purpose.RESET_PASSWORD)
			.orElseThrow(EmailVerificationService::invalidToken);
		// Only a token signed by us gets here, so an Argon2 hash is not free to ask for.
		String hash = this.passwords.encode(request.newPassword());
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		boolean reset = this.shards.write(this.shards.shardOf(userId), () -> {
			var redeemed = this.accountTokens.redeem(request.token(), AccountTokens.Purpose.RESET_PASSWORD);
			if (redeemed.isEmpty()) {
				return false;
			}
			Account account = this.accounts.findForUpdate(userId).orElse(null);
			if (account == null) {
				return false;
			}
			this.accounts.verifyEmail(userId, redeemed.get().email());
			setPassword(account, hash, now);
			return true;
		});
		if (!reset) {
			throw EmailVerificationService.invalidToken();
		}
		this.revocations.signedOut(userId, now);
	}

	/**
	 * @param now when the password changes and every session ends; no later than any
	 * token issued after it
	 */
	private void setPassword(Account account, String hash, Instant now) {
		this.accounts.updatePasswordHash(account.id(), hash, now);
		this.tokens.revokeAll(account.id());
		this.mailer.send(account.id(), MailTemplate.PASSWORD_CHANGED, account.email(),
				Map.of("username", account.username()));
	}

	private void sendReset(String email) {
		if (!withinMailLimit(email)) {
			log.info("Password reset not mailed: the address had {} already this window",
					this.properties.resetMailsPerEmail());
			return;
		}
		OptionalLong userId = this.shards.readGlobal(() -> this.directory.findByEmail(email));
		if (userId.isEmpty()) {
			return;
		}
		this.shards.write(this.shards.shardOf(userId.getAsLong()), () -> {
			this.accounts.findForUpdate(userId.getAsLong()).ifPresent((account) -> {
				String nonce = this.accountTokens.issue(account.id(), AccountTokens.Purpose.RESET_PASSWORD,
						account.email(), this.properties.resetTokenTtl());
				this.mailer.send(account.id(), MailTemplate.PASSWORD_RESET, account.email(),
						Map.of("username", account.username(), "nonce", nonce, "valid_for",
								Durations.describe(this.properties.resetTokenTtl())));
			});
		});
	}

	/** Counts a reset mail for the address; fails open when Redis does. */
	private boolean withinMailLimit(String email) {
		String key = this.keys.key("password-reset:" + digest(email));
		try {
			Long count = this.redis.opsForValue().increment(key);
			if (count != null && count == 1) {
				this.redis.expire(key, this.properties.resetMailWindow());
			}
			return count == null || count <= this.properties.resetMailsPerEmail();
		}
		catch (RuntimeException ex) {
			log.warn("Reset mail limit unavailable, letting the request through: {}", ex.toString());
			return true;
		}
	}

	/** An address as a Redis key: case-insensitive, and no email in Redis. */
	private static String digest(String email) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void destroy() {
		this.resets.shutdown();
	}

}

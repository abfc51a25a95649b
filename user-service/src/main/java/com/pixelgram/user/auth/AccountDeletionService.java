package com.pixelgram.user.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;

import com.pixelgram.events.UserDeleted;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.deletion.AccountErasure;
import com.pixelgram.user.token.AccessRevocations;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Deletes the caller's account. After the password is checked, one transaction of the
 * user's shard marks the account deleted (every read treats it as gone from then on, so
 * logins fail), revokes every refresh token and writes {@code UserDeleted} to the outbox,
 * which the other services erase the user's data from; then the gateways are told to
 * refuse the account's access tokens ({@link AccessRevocations}). user-service's own
 * erasure ({@link AccountErasure}) starts after the commit. A repeated request for an
 * account already deleted changes nothing and is answered alike.
 */
@Service
class AccountDeletionService {

	private final Shards shards;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final Directory directory;

	private final TokenService tokens;

	private final PasswordHasher passwords;

	private final LoginThrottle throttle;

	private final EventPublisher events;

	private final AccountErasure erasure;

	private final AccessRevocations revocations;

	AccountDeletionService(Shards shards, AccountRepository accounts, AccountReader reader, Directory directory,
			TokenService tokens, PasswordHasher passwords, LoginThrottle throttle, EventPublisher events,
			AccountErasure erasure, AccessRevocations revocations) {
		this.shards = shards;
		this.accounts = accounts;
		this.reader = reader;
		this.directory = directory;
		this.tokens = tokens;
		this.passwords = passwords;
		this.throttle = throttle;
		this.events = events;
		this.erasure = erasure;
		this.revocations = revocations;
	}

	/**
	 * Wrong passwords count against the login throttle of the account and address, as a
	 * password change's do.
	 * @throws ApiException 403 {@code wrong-password}, 404 for an account that never
	 * existed, 429 while the address is throttled
	 */
	void delete(long userId, String password, String clientIp) {
		int shard = this.shards.shardOf(userId);
		Optional<Account> account = this.shards.read(shard, () -> this.accounts.find(userId));
		if (account.isEmpty()) {
			Optional<Instant> deletedAt = this.shards.read(shard, () -> this.accounts.deletedAt(userId));
			if (deletedAt.isPresent()) {
				// the caller still holds a token the gateways accept: tell them again
				this.revocations.deleted(userId, deletedAt.get());
				return;
			}
			if (this.shards.readGlobal(() -> this.directory.isDeleted(userId))) {
				return;
			}
			throw ApiException.notFound("There is no such user.");
		}
		String subject = "user:" + userId;
		OptionalLong blockedFor = this.throttle.blockedFor(subject, clientIp);
		if (blockedFor.isPresent()) {
			throw new ApiException(ProblemType.RATE_LIMITED, "Too many wrong passwords. Try again later.")
				.header(HttpHeaders.RETRY_AFTER, Long.toString(blockedFor.getAsLong()));
		}
		if (!this.passwords.matches(password, account.get().passwordHash())) {
			this.throttle.recordFailure(subject, clientIp);
			throw new ApiException(HttpStatus.FORBIDDEN, "wrong-password", "Wrong password", "The password is wrong.");
		}
		this.throttle.reset(subject, clientIp);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(shard, () -> {
			if (this.accounts.markDeleted(userId, now)) {
				this.tokens.revokeAll(userId);
				this.events.publish(new UserDeleted(userId, now));
				this.erasure.eraseAfterCommit(userId);
			}
			return null;
		});
		this.revocations.deleted(userId, now);
		this.reader.evict(userId);
	}

}

package com.pixelgram.user.moderation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.pixelgram.events.UserReinstated;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.search.SearchIndex;
import com.pixelgram.user.token.AccessRevocations;
import com.pixelgram.user.token.TokenService;
import com.pixelgram.web.ApiException;

import org.springframework.stereotype.Service;

/**
 * Suspends accounts and reinstates them. A suspension reuses what hides a deleted
 * account, without erasing anything: one transaction of the account's shard marks the row
 * (every read treats it as absent from then on, so the profile is 404, lists and the
 * internal API leave it out and logins fail), revokes every refresh token and writes
 * {@code UserSuspended}, which post-service hides the account's posts by; then the
 * gateways are told to refuse its access tokens ({@link AccessRevocations}) and its
 * search entry goes. Its follows, posts and counts stay as they are for a reinstatement.
 * Both are idempotent, and a repeated suspension tells the gateways again.
 */
@Service
class Suspensions {

	private final Shards shards;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final TokenService tokens;

	private final SearchIndex search;

	private final EventPublisher events;

	private final AccessRevocations revocations;

	Suspensions(Shards shards, AccountRepository accounts, AccountReader reader, TokenService tokens,
			SearchIndex search, EventPublisher events, AccessRevocations revocations) {
		this.shards = shards;
		this.accounts = accounts;
		this.reader = reader;
		this.tokens = tokens;
		this.search = search;
		this.events = events;
		this.revocations = revocations;
	}

	/**
	 * Suspends an account; one suspended already, deleted or gone is left as it is.
	 */
	void suspend(long userId) {
		int shard = this.shards.shardOf(userId);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		boolean suspended = this.shards.write(shard, () -> {
			if (!this.accounts.markSuspended(userId, now)) {
				return false;
			}
			this.tokens.revokeAll(userId);
			this.events.publish(new UserSuspended(userId, now));
			return true;
		});
		Optional<Instant> suspendedAt = suspended ? Optional.of(now)
				: this.shards.read(shard, () -> this.accounts.suspendedAt(userId));
		if (suspendedAt.isPresent()) {
			this.revocations.suspended(userId, suspendedAt.get());
			this.shards.writeGlobal(() -> {
				this.search.remove(userId);
				return null;
			});
		}
		this.reader.evict(userId);
	}

	/**
	 * Lifts an account's suspension: it logs in, shows and is found again. A live account
	 * is left as it is.
	 * @throws ApiException 404 for an account that is neither live nor suspended
	 */
	void reinstate(long userId) {
		int shard = this.shards.shardOf(userId);
		Optional<Account> suspended = this.shards.read(shard, () -> this.accounts.findSuspended(userId));
		if (suspended.isEmpty()) {
			if (this.shards.read(shard, () -> this.accounts.exists(userId))) {
				// a repeat finishes what a Redis failure left of the first
				this.revocations.reinstated(userId);
				return;
			}
			throw ApiException.notFound("There is no such user.");
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.write(shard, () -> {
			if (this.accounts.clearSuspended(userId)) {
				this.events.publish(new UserReinstated(userId, now));
			}
			return null;
		});
		this.revocations.reinstated(userId);
		Account account = suspended.get();
		this.shards.writeGlobal(() -> {
			this.search.put(userId, account.username(), account.fullName(), account.profileImageUrl());
			return null;
		});
		this.reader.evict(userId);
	}

}

package com.pixelgram.user.token;

import java.time.Instant;
import java.util.Optional;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.stereotype.Component;

/**
 * The second, durable write of {@link AccessRevocations}: a suspension, reinstatement or
 * deletion's event, published from the outbox in the change's transaction, comes back to
 * user-service, which writes the account's entry again. Redis failing throws, so the
 * event comes back until the entry is written. Events may arrive late and out of order,
 * so a suspension or a reinstatement writes what the account is now, not what the event
 * says: a suspension lifted since is not listed again.
 */
@Component
public class RevocationEvents {

	private final Shards shards;

	private final AccountRepository accounts;

	private final AccessRevocations revocations;

	RevocationEvents(Shards shards, AccountRepository accounts, AccessRevocations revocations) {
		this.shards = shards;
		this.accounts = accounts;
		this.revocations = revocations;
	}

	/** An account was suspended: listed if it still is. */
	public void suspended(long userId) {
		suspendedAt(userId).ifPresent((at) -> this.revocations.revokeSuspended(userId, at));
	}

	/** An account's suspension was lifted: taken off the list unless suspended again. */
	public void reinstated(long userId) {
		if (suspendedAt(userId).isEmpty()) {
			this.revocations.lift(userId);
		}
	}

	/** An account was deleted at {@code deletedAt}: listed (a deletion is final). */
	public void deleted(long userId, Instant deletedAt) {
		this.revocations.revokeDeleted(userId, deletedAt);
	}

	/** From the primary: a replica may not have the change yet. */
	private Optional<Instant> suspendedAt(long userId) {
		return this.shards.write(this.shards.shardOf(userId), () -> this.accounts.suspendedAt(userId));
	}

}

package com.pixelgram.user.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.Directory;
import com.pixelgram.user.token.TokenService;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes what a crash interrupted: a directory reservation whose account row exists is
 * confirmed and indexed, one without an account row is released. Expired refresh tokens
 * are deleted, and emails held for expired email changes freed, on the same pass.
 */
@Component
class PendingRegistrationSweeper {

	private static final Logger log = LoggerFactory.getLogger(PendingRegistrationSweeper.class);

	private static final int BATCH = 500;

	private final Shards shards;

	private final Directory directory;

	private final AccountReader reader;

	private final RegistrationService registrations;

	private final TokenService tokens;

	private final RegistrationProperties properties;

	PendingRegistrationSweeper(Shards shards, Directory directory, AccountReader reader,
			RegistrationService registrations, TokenService tokens, RegistrationProperties properties) {
		this.shards = shards;
		this.directory = directory;
		this.reader = reader;
		this.registrations = registrations;
		this.tokens = tokens;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${pixelgram.users.registrations.sweep-interval}",
			initialDelayString = "${pixelgram.users.registrations.sweep-interval}")
	@SchedulerLock(name = "pending-registration-sweep",
			lockAtLeastFor = "${pixelgram.users.registrations.sweep-interval}",
			lockAtMostFor = "${pixelgram.users.registrations.sweep-interval}")
	public void scheduledRun() {
		Instant now = Instant.now();
		sweep(now);
		int deleted = this.tokens.deleteExpired(now);
		if (deleted > 0) {
			log.info("Deleted {} expired refresh tokens", deleted);
		}
		int released = releaseExpiredClaims(now);
		if (released > 0) {
			log.info("Freed the emails of {} expired email changes", released);
		}
	}

	/**
	 * Frees the emails held for email changes whose links expired.
	 * @return claims released
	 */
	int releaseExpiredClaims(Instant now) {
		return this.shards.writeGlobal(() -> this.directory.releaseExpiredClaims(now, BATCH));
	}

	/**
	 * @return reservations completed or released
	 */
	int sweep(Instant now) {
		Instant before = now.minus(this.properties.pendingTimeout());
		List<Long> pending = this.shards.readGlobal(() -> this.directory.unconfirmedSince(before, BATCH));
		for (long userId : pending) {
			Optional<Account> account = this.reader.find(userId);
			if (account.isPresent()) {
				this.registrations.complete(account.get());
			}
			else {
				this.shards.writeGlobal(() -> {
					this.directory.release(userId);
					return null;
				});
				log.info("Released the reservation of user {}, whose account was never written", userId);
			}
		}
		return pending.size();
	}

}

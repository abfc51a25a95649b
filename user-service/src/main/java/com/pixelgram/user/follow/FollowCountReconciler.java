package com.pixelgram.user.follow;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.pixelgram.events.UserUpdated;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes the denormalised follower and following counts from the edges, shard by
 * shard, repairs those that drifted and counts the drift in
 * {@code pixelgram.reconciliation.drift} (tag {@code kind}). One instance runs it once
 * per interval (ShedLock, the lock held for the interval).
 * <p>
 * A first query finds the users whose counts disagree without locking anything; each of
 * them is then repaired in a short transaction that locks the row before counting, so a
 * follow committing meanwhile is neither lost nor counted twice.
 */
@Component
class FollowCountReconciler {

	private static final Logger log = LoggerFactory.getLogger(FollowCountReconciler.class);

	static final String METRIC = "pixelgram.reconciliation.drift";

	private final Shards shards;

	private final FollowRepository edges;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final EventPublisher events;

	private final Counter followersDrift;

	private final Counter followingDrift;

	FollowCountReconciler(Shards shards, FollowRepository edges, AccountRepository accounts, AccountReader reader,
			EventPublisher events, MeterRegistry meters) {
		this.shards = shards;
		this.edges = edges;
		this.accounts = accounts;
		this.reader = reader;
		this.events = events;
		this.followersDrift = Counter.builder(METRIC)
			.description("Difference between denormalised counts and what they count, found and repaired")
			.tag("kind", "followers_count")
			.register(meters);
		this.followingDrift = Counter.builder(METRIC)
			.description("Difference between denormalised counts and what they count, found and repaired")
			.tag("kind", "following_count")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pixelgram.users.reconciliation.interval}",
			initialDelayString = "${pixelgram.users.reconciliation.initial-delay}")
	@SchedulerLock(name = "follow-count-reconciliation", lockAtLeastFor = "${pixelgram.users.reconciliation.interval}",
			lockAtMostFor = "${pixelgram.users.reconciliation.interval}")
	public void scheduledRun() {
		reconcile();
	}

	/** One pass over every shard; callable directly (tests, an operator's endpoint). */
	Report reconcile() {
		long followers = 0;
		long following = 0;
		int repaired = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			int current = shard;
			List<Long> candidates = this.shards.read(current, this.edges::driftCandidates);
			for (long userId : candidates) {
				Report repair = this.shards.write(current, () -> repair(userId));
				if (repair.repairedUsers() > 0) {
					followers += repair.followersDrift();
					following += repair.followingDrift();
					repaired++;
					this.reader.evict(userId);
				}
			}
		}
		this.followersDrift.increment(followers);
		this.followingDrift.increment(following);
		if (repaired > 0) {
			log.warn("Follow counts repaired for {} users: followers drift {}, following drift {}", repaired, followers,
					following);
		}
		return new Report(repaired, followers, following);
	}

	private Report repair(long userId) {
		Account account = this.accounts.findForUpdate(userId).orElse(null);
		if (account == null) {
			return new Report(0, 0, 0);
		}
		long followers = this.edges.countFollowers(userId);
		long following = this.edges.countFollowing(userId);
		if (followers == account.followersCount() && following == account.followingCount()) {
			return new Report(0, 0, 0);
		}
		this.accounts.setCounts(userId, followers, following);
		if (followers != account.followersCount()) {
			this.events.publish(new UserUpdated(userId, account.username(), account.fullName(),
					account.profileImageUrl(), followers, Instant.now().truncatedTo(ChronoUnit.MICROS)));
		}
		return new Report(1, Math.abs(followers - account.followersCount()),
				Math.abs(following - account.followingCount()));
	}

	/**
	 * What a pass found.
	 *
	 * @param repairedUsers users whose counts were wrong
	 * @param followersDrift sum of the follower-count errors
	 * @param followingDrift sum of the following-count errors
	 */
	record Report(int repairedUsers, long followersDrift, long followingDrift) {

	}

}

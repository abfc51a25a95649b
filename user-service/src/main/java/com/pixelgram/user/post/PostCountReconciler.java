package com.pixelgram.user.post;

import java.util.List;

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
 * Recomputes the denormalised post counts from the live rows of {@code user_post}, shard
 * by shard, repairs those that drifted and counts the drift in
 * {@code pixelgram.reconciliation.drift} (tag {@code kind=posts_count}, beside the follow
 * counts' kinds). One instance runs it once per interval (ShedLock, the lock held for the
 * interval).
 * <p>
 * A first query finds the users whose count disagrees without locking anything; each of
 * them is then repaired in a short transaction that locks the row before counting, so a
 * post event committing meanwhile is neither lost nor counted twice.
 */
@Component
class PostCountReconciler {

	private static final Logger log = LoggerFactory.getLogger(PostCountReconciler.class);

	static final String METRIC = "pixelgram.reconciliation.drift";

	private final Shards shards;

	private final UserPostRepository posts;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final Counter postsDrift;

	PostCountReconciler(Shards shards, UserPostRepository posts, AccountRepository accounts, AccountReader reader,
			MeterRegistry meters) {
		this.shards = shards;
		this.posts = posts;
		this.accounts = accounts;
		this.reader = reader;
		this.postsDrift = Counter.builder(METRIC)
			.description("Difference between denormalised counts and what they count, found and repaired")
			.tag("kind", "posts_count")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pixelgram.users.reconciliation.interval}",
			initialDelayString = "${pixelgram.users.reconciliation.initial-delay}")
	@SchedulerLock(name = "user-post-count-reconciliation",
			lockAtLeastFor = "${pixelgram.users.reconciliation.interval}",
			lockAtMostFor = "${pixelgram.users.reconciliation.interval}")
	public void scheduledRun() {
		reconcile();
	}

	/** One pass over every shard; callable directly (tests, an operator's endpoint). */
	Report reconcile() {
		long drift = 0;
		int repaired = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			int current = shard;
			List<Long> candidates = this.shards.read(current, this.posts::driftCandidates);
			for (long userId : candidates) {
				long userDrift = this.shards.write(current, () -> repair(userId));
				if (userDrift > 0) {
					drift += userDrift;
					repaired++;
					this.reader.evict(userId);
				}
			}
		}
		this.postsDrift.increment(drift);
		if (repaired > 0) {
			log.warn("Post counts repaired for {} users: drift {}", repaired, drift);
		}
		return new Report(repaired, drift);
	}

	/** The error repaired, 0 when there was none (any more). */
	private long repair(long userId) {
		Account account = this.accounts.findForUpdate(userId).orElse(null);
		if (account == null) {
			return 0;
		}
		// Counted after the lock: a post event that committed first is seen, one that
		// commits later adds to the repaired count.
		long live = this.posts.countLive(userId);
		if (live == account.postsCount()) {
			return 0;
		}
		this.accounts.setPostsCount(userId, live);
		return Math.abs(live - account.postsCount());
	}

	/**
	 * What a pass found.
	 *
	 * @param repairedUsers users whose count was wrong
	 * @param postsDrift sum of the post-count errors
	 */
	record Report(int repairedUsers, long postsDrift) {

	}

}

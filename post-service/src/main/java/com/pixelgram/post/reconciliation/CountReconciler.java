package com.pixelgram.post.reconciliation;

import java.util.List;

import com.pixelgram.post.posts.PostCache;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes the denormalised like and comment counts of posts from their rows, shard by
 * shard, repairs those that drifted and counts the drift in
 * {@code pixelgram.reconciliation.drift} (tag {@code kind}). One instance runs it once
 * per interval (ShedLock, the lock held for the interval).
 * <p>
 * A first query finds the posts whose counts disagree without locking anything; each is
 * then repaired in a short transaction that locks the post row before counting, so a like
 * committing meanwhile is neither lost nor counted twice (likes and comments lock the row
 * to change its count).
 */
@Component
class CountReconciler {

	private static final Logger log = LoggerFactory.getLogger(CountReconciler.class);

	static final String METRIC = "pixelgram.reconciliation.drift";

	static final String LOCK = "post-like-comment-count-reconciliation";

	private static final String LIKES = "(SELECT count(*) FROM post_like l WHERE l.post_id = p.post_id)";

	private static final String COMMENTS = "(SELECT count(*) FROM comment c WHERE c.post_id = p.post_id AND NOT c.deleted)";

	private final Shards shards;

	private final PostCache cache;

	private final Counter likesDrift;

	private final Counter commentsDrift;

	CountReconciler(Shards shards, PostCache cache, MeterRegistry meters) {
		this.shards = shards;
		this.cache = cache;
		this.likesDrift = Counter.builder(METRIC)
			.description("Difference between denormalised counts and their rows, found and repaired")
			.tag("kind", "likes_count")
			.register(meters);
		this.commentsDrift = Counter.builder(METRIC)
			.description("Difference between denormalised counts and their rows, found and repaired")
			.tag("kind", "comments_count")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pixelgram.post.reconciliation.interval}",
			initialDelayString = "${pixelgram.post.reconciliation.initial-delay}")
	@SchedulerLock(name = LOCK, lockAtLeastFor = "${pixelgram.post.reconciliation.interval}",
			lockAtMostFor = "${pixelgram.post.reconciliation.interval}")
	public void scheduledRun() {
		Report report = reconcile();
		if (report.postsRepaired() > 0) {
			log.info("Count reconciliation repaired {} posts (likes drift {}, comments drift {})",
					report.postsRepaired(), report.likesDrift(), report.commentsDrift());
		}
	}

	/** One pass over every shard; callable directly (tests, an operator). */
	public Report reconcile() {
		long posts = 0;
		long likes = 0;
		long comments = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			int current = shard;
			List<Long> suspects = this.shards.read(current,
					() -> this.shards.jdbc()
						.sql("SELECT p.post_id FROM post p WHERE p.likes_count <> " + LIKES + " OR p.comments_count <> "
								+ COMMENTS)
						.query(Long.class)
						.list());
			for (long postId : suspects) {
				long[] drift = this.shards.write(current, () -> repair(postId));
				if (drift[0] != 0 || drift[1] != 0) {
					posts++;
					likes += drift[0];
					comments += drift[1];
					this.cache.evict(postId);
				}
			}
		}
		this.likesDrift.increment(likes);
		this.commentsDrift.increment(comments);
		return new Report(posts, likes, comments);
	}

	/** The absolute drift of each count, repaired. */
	private long[] repair(long postId) {
		List<long[]> rows = this.shards.jdbc()
			.sql("SELECT p.likes_count, p.comments_count, " + LIKES + " AS likes, " + COMMENTS
					+ " AS comments FROM post p WHERE p.post_id = :id FOR UPDATE")
			.param("id", postId)
			.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4) })
			.list();
		if (rows.isEmpty()) {
			return new long[] { 0, 0 };
		}
		long[] counts = rows.get(0);
		if (counts[0] == counts[2] && counts[1] == counts[3]) {
			return new long[] { 0, 0 };
		}
		this.shards.jdbc()
			.sql("UPDATE post SET likes_count = :likes, comments_count = :comments WHERE post_id = :id")
			.param("likes", counts[2])
			.param("comments", counts[3])
			.param("id", postId)
			.update();
		return new long[] { Math.abs(counts[0] - counts[2]), Math.abs(counts[1] - counts[3]) };
	}

	/**
	 * What one pass found.
	 *
	 * @param postsRepaired posts whose counts were wrong
	 * @param likesDrift the sum of the like counts' errors
	 * @param commentsDrift the sum of the comment counts' errors
	 */
	public record Report(long postsRepaired, long likesDrift, long commentsDrift) {

	}

}

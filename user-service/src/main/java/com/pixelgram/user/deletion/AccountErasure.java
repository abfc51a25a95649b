package com.pixelgram.user.deletion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.pixelgram.events.FollowDeleted;
import com.pixelgram.events.UserUnblocked;
import com.pixelgram.events.UserUnmuted;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountReader;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.account.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Erases an account marked deleted, one shard transaction at a time and never two at once
 * (as the follow graph does), each step safe to run again: a half edge is removed from
 * the other user's shard first, with the other user's count corrected, then from the
 * deleted user's shard with its event ({@code FollowDeleted}, {@code UserUnblocked},
 * {@code UserUnmuted}), so a crash in between leaves work that the next run finds and
 * finishes without counting twice. Mutes of the user and the user's follow requests live
 * in other users' shards without a way back from the user, so every shard is asked (one
 * index lookup each). The account row goes last: while it is there the erasure is not
 * finished, and the sweep runs it again.
 * <p>
 * It runs right after the deletion commits, on a small pool, and again from the sweep for
 * what a restart interrupted.
 */
@Service
public class AccountErasure implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AccountErasure.class);

	private final Shards shards;

	private final AccountRepository accounts;

	private final AccountReader reader;

	private final Directory directory;

	private final ErasureRepository rows;

	private final EventPublisher events;

	private final DeletionProperties properties;

	private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1000), (task) -> {
				Thread thread = new Thread(task, "account-erasure");
				thread.setDaemon(true);
				return thread;
			});

	AccountErasure(Shards shards, AccountRepository accounts, AccountReader reader, Directory directory,
			ErasureRepository rows, EventPublisher events, DeletionProperties properties) {
		this.shards = shards;
		this.accounts = accounts;
		this.reader = reader;
		this.directory = directory;
		this.rows = rows;
		this.events = events;
		this.properties = properties;
	}

	/**
	 * Erases the account once the current transaction commits (at once without one). A
	 * failure is logged; the sweep tries again.
	 */
	public void eraseAfterCommit(long userId) {
		Runnable submit = () -> {
			try {
				this.pool.execute(() -> {
					try {
						erase(userId);
					}
					catch (RuntimeException ex) {
						log.warn("Erasure of user {} interrupted, the sweep will finish it: {}", userId, ex.toString());
					}
				});
			}
			catch (RejectedExecutionException ex) {
				log.warn("Erasure of user {} left to the sweep: {} erasures are waiting", userId,
						this.pool.getQueue().size());
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					submit.run();
				}
			});
		}
		else {
			submit.run();
		}
	}

	/**
	 * Erases everything of an account marked deleted. Does nothing for a live account or
	 * one already erased.
	 * @return whether the account was marked deleted (and is erased now)
	 */
	public boolean erase(long userId) {
		int shard = this.shards.shardOf(userId);
		Optional<Instant> deletedAt = this.shards.read(shard, () -> this.accounts.deletedAt(userId));
		if (deletedAt.isEmpty()) {
			return false;
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.shards.writeGlobal(() -> {
			this.directory.markDeleted(userId, deletedAt.get());
			this.directory.releaseClaims(userId);
			this.rows.deleteSearchEntry(userId);
			return null;
		});
		eraseFollowing(userId, shard, now);
		eraseFollowers(userId, shard, now);
		eraseBlocks(userId, shard, now);
		eraseMutesAndRequestsElsewhere(userId, now);
		this.shards.write(shard, () -> {
			for (long mutedId : this.rows.muted(userId)) {
				if (this.rows.deleteMute(userId, mutedId)) {
					this.events.publish(new UserUnmuted(userId, mutedId, now));
				}
			}
			this.rows.deleteOwnRows(userId);
			this.accounts.deleteMarked(userId);
			return null;
		});
		this.reader.evict(userId);
		log.info("Erased user {}", userId);
		return true;
	}

	/**
	 * Erases what a restart left and frees the names whose cooling-off ended.
	 * @return accounts erased
	 */
	int sweep(Instant now) {
		int erased = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			int current = shard;
			List<Long> pending = this.shards.read(current, () -> this.accounts.deletedIds(this.properties.batchSize()));
			for (long userId : pending) {
				try {
					if (erase(userId)) {
						erased++;
					}
				}
				catch (RuntimeException ex) {
					log.warn("Erasure of user {} failed, trying again next sweep: {}", userId, ex.toString());
				}
			}
		}
		Instant before = now.minus(this.properties.coolingOff());
		int released = this.shards
			.writeGlobal(() -> this.directory.releaseDeletedBefore(before, this.properties.batchSize()));
		if (released > 0) {
			log.info("Freed the usernames and emails of {} accounts deleted before {}", released, before);
		}
		return erased;
	}

	/** The user's follows of others: the others' follower halves first. */
	private void eraseFollowing(long userId, int shard, Instant now) {
		for (List<Long> page = page(shard, () -> this.rows.followees(userId)); !page.isEmpty(); page = page(shard,
				() -> this.rows.followees(userId))) {
			for (long followeeId : page) {
				this.shards.write(this.shards.shardOf(followeeId), () -> {
					if (this.rows.deleteFollower(followeeId, userId)) {
						this.accounts.addFollowers(followeeId, -1);
					}
					return null;
				});
				this.shards.write(shard, () -> {
					if (this.rows.deleteFollowing(userId, followeeId)) {
						this.events.publish(new FollowDeleted(userId, followeeId, now));
					}
					return null;
				});
				this.reader.evict(followeeId);
			}
		}
	}

	/** Others' follows of the user: the others' following halves, with their events. */
	private void eraseFollowers(long userId, int shard, Instant now) {
		for (List<Long> page = page(shard, () -> this.rows.followers(userId)); !page.isEmpty(); page = page(shard,
				() -> this.rows.followers(userId))) {
			for (long followerId : page) {
				this.shards.write(this.shards.shardOf(followerId), () -> {
					if (this.rows.deleteFollowing(followerId, userId)) {
						this.accounts.addFollowing(followerId, -1);
						this.events.publish(new FollowDeleted(followerId, userId, now));
					}
					return null;
				});
				this.shards.write(shard, () -> this.rows.deleteFollower(userId, followerId));
				this.reader.evict(followerId);
			}
		}
	}

	/** Blocks either way: the other user's half first. */
	private void eraseBlocks(long userId, int shard, Instant now) {
		for (List<Long> page = page(shard, () -> this.rows.blocked(userId)); !page.isEmpty(); page = page(shard,
				() -> this.rows.blocked(userId))) {
			for (long blockedId : page) {
				this.shards.write(this.shards.shardOf(blockedId), () -> this.rows.deleteBlockedBy(blockedId, userId));
				this.shards.write(shard, () -> {
					if (this.rows.deleteBlock(userId, blockedId)) {
						this.events.publish(new UserUnblocked(userId, blockedId, now));
					}
					return null;
				});
			}
		}
		for (List<Long> page = page(shard, () -> this.rows.blockers(userId)); !page.isEmpty(); page = page(shard,
				() -> this.rows.blockers(userId))) {
			for (long blockerId : page) {
				this.shards.write(this.shards.shardOf(blockerId), () -> {
					if (this.rows.deleteBlock(blockerId, userId)) {
						this.events.publish(new UserUnblocked(blockerId, userId, now));
					}
					return null;
				});
				this.shards.write(shard, () -> this.rows.deleteBlockedBy(userId, blockerId));
			}
		}
	}

	/** Others' mutes of the user and the user's follow requests, in every shard. */
	private void eraseMutesAndRequestsElsewhere(long userId, Instant now) {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			this.shards.write(shard, () -> {
				this.rows.deleteRequestsBy(userId);
				for (List<Long> muters = this.rows.muters(userId); !muters.isEmpty(); muters = this.rows
					.muters(userId)) {
					for (long muterId : muters) {
						if (this.rows.deleteMute(muterId, userId)) {
							this.events.publish(new UserUnmuted(muterId, userId, now));
						}
					}
				}
				return null;
			});
		}
	}

	private List<Long> page(int shard, java.util.function.Supplier<List<Long>> query) {
		return this.shards.read(shard, query);
	}

	@Override
	public void destroy() {
		this.pool.shutdown();
	}

}

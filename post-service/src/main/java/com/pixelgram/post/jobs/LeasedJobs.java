package com.pixelgram.post.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one job table kept in every shard. Jobs are written durably, in the
 * transaction of their cause; a claim moves a due row's lease into the future with
 * {@code FOR UPDATE SKIP LOCKED} and counts an attempt, so that two workers never run the
 * same job at once and the job of a worker that died comes back when its lease passes. A
 * job just committed can be handed over at once ({@link #submit}); a poller takes the
 * rest (retries, jobs of crashed workers, jobs a full pool had no room for). A permit per
 * thread keeps an instance from claiming more than it can run. Once a job found the pool
 * full, the jobs committed after it are not handed over either, and each worker that ends
 * a job polls at once: a job waits for room behind the older ones, never for the poll
 * interval, and newer jobs cannot keep taking the room it waits for. A failed try is
 * given back due after a back-off that grows with its attempts, and the last allowed one
 * gives the job up.
 * <p>
 * Each feature keeps its table, its work and its metrics ({@link Queue},
 * {@link Handler}); this class holds only the claiming, the pool and the retries, which
 * were written once per table before.
 *
 * @param <J> a claimed job
 */
public final class LeasedJobs<J extends LeasedJobs.Job> {

	private static final Logger log = LoggerFactory.getLogger(LeasedJobs.class);

	private final Shards shards;

	private final Queue<J> queue;

	private final Handler<J> handler;

	private final Settings settings;

	private final Semaphore permits;

	private volatile ExecutorService pool;

	private volatile ScheduledExecutorService poller;

	private volatile boolean running;

	/**
	 * Whether due jobs may be waiting for room: a hand-off or a poll found every permit
	 * taken. Cleared by the poll that sees to them.
	 */
	private final AtomicBoolean waiting = new AtomicBoolean();

	/** Whether a poll is queued on the poller already. */
	private final AtomicBoolean pollQueued = new AtomicBoolean();

	/**
	 * Where the next poll starts in each database's shards, so that none is always last.
	 */
	private final AtomicInteger rotation = new AtomicInteger();

	public LeasedJobs(Shards shards, Queue<J> queue, Handler<J> handler, Settings settings) {
		this.shards = shards;
		this.queue = queue;
		this.handler = handler;
		this.settings = settings;
		this.permits = new Semaphore(settings.poolSize());
	}

	/** Starts the pool and the poller. */
	public void start() {
		AtomicInteger threads = new AtomicInteger();
		String name = this.settings.name();
		this.pool = Executors.newFixedThreadPool(this.settings.poolSize(), (task) -> {
			Thread thread = new Thread(task, name + "-worker-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name + "-job-poller");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		long interval = this.settings.pollInterval().toMillis();
		this.poller.scheduleWithFixedDelay(this::pollSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops claiming and gives the running jobs the shutdown timeout to finish; the ones
	 * cut short keep their leases, and another instance (or this one, restarted) takes
	 * them when the leases pass.
	 */
	public void stop() {
		this.running = false;
		this.poller.shutdownNow();
		this.pool.shutdown();
		try {
			if (!this.pool.awaitTermination(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("{} jobs still running at shutdown are left to their leases", this.settings.name());
				this.pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Hands a job that was just committed to the pool, if it has room; otherwise the
	 * poller takes it. The claim runs on the pool, in a transaction of the shard.
	 * @param claim claims the job in the current shard transaction if it is due, for the
	 * lease given
	 */
	public void submit(int shard, Function<Duration, Optional<J>> claim) {
		if (!this.running) {
			return;
		}
		if (this.waiting.get() || !this.permits.tryAcquire()) {
			// Behind the jobs that wait already: the next poll claims them in order.
			this.waiting.set(true);
			pollSoon();
			return;
		}
		execute(() -> this.shards.write(shard, () -> claim.apply(this.settings.lease()))
			.ifPresent((job) -> run(shard, job)));
	}

	/** Claims due jobs of every shard while the pool has room. */
	void poll() {
		this.waiting.set(false);
		for (PhysicalDatabase database : this.shards.databases()) {
			if (this.permits.availablePermits() == 0) {
				// Full: no need to ask the databases which shards have due jobs.
				full();
				return;
			}
			List<Integer> due = this.queue.shardsWithDueJobs(database);
			int start = due.isEmpty() ? 0 : Math.floorMod(this.rotation.getAndIncrement(), due.size());
			for (int i = 0; i < due.size(); i++) {
				int shard = due.get((start + i) % due.size());
				while (true) {
					if (!this.running) {
						return;
					}
					if (!this.permits.tryAcquire()) {
						full();
						return;
					}
					Optional<J> job = claimNext(shard);
					if (job.isEmpty()) {
						this.permits.release();
						break;
					}
					execute(() -> run(shard, job.get()));
				}
			}
		}
	}

	/**
	 * The pool is full while due jobs may wait: the worker that ends a job polls again,
	 * or this does when one has just ended, before it could see the flag.
	 */
	private void full() {
		this.waiting.set(true);
		if (this.permits.availablePermits() > 0) {
			pollSoon();
		}
	}

	/** Queues a poll on the poller, unless one is queued already. */
	private void pollSoon() {
		if (!this.running || !this.pollQueued.compareAndSet(false, true)) {
			return;
		}
		try {
			this.poller.execute(() -> {
				this.pollQueued.set(false);
				pollSafely();
			});
		}
		catch (RejectedExecutionException ex) {
			// Stopping.
			this.pollQueued.set(false);
		}
	}

	private Optional<J> claimNext(int shard) {
		try {
			return this.shards.write(shard, () -> this.queue.claimNext(this.settings.lease()));
		}
		catch (RuntimeException ex) {
			this.permits.release();
			throw ex;
		}
	}

	private void pollSafely() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			log.warn("Polling {} jobs failed: {}", this.settings.name(), ex.toString());
		}
	}

	/** Runs work on the pool; the caller holds a permit, released when the work ends. */
	private void execute(Runnable work) {
		try {
			this.pool.execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					log.warn("{} job failed unexpectedly: {}", this.settings.name(), ex.toString());
				}
				finally {
					this.permits.release();
					if (this.waiting.get()) {
						pollSoon();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Its lease passes and the poller takes it again.
			this.permits.release();
		}
	}

	/**
	 * One try of a claimed job on the calling thread, failure included: a failed try is
	 * given back with its back-off, or given up when it was the last. Public for the
	 * features' tests, which run a try on a worker of their own.
	 */
	public void run(int shard, J job) {
		long started = System.nanoTime();
		String outcome;
		try {
			outcome = this.handler.work(shard, job);
		}
		catch (Exception | Error ex) {
			Retries retries = this.handler.retries(job);
			if (ex instanceof Error error && !retries.errorsFailTries()) {
				throw error;
			}
			outcome = failed(shard, job, retries, ex);
		}
		if (outcome != null) {
			this.handler.record(job, outcome, Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private String failed(int shard, J job, Retries retries, Throwable failure) {
		String error = this.handler.error(failure);
		String described = this.handler.describe(job);
		if (retries.isLast(job.attempts())) {
			log.warn("Giving up on {} after {} attempts: {}", described, job.attempts(), error);
			try {
				return this.handler.giveUp(shard, job, failure);
			}
			catch (RuntimeException ex) {
				// The lease passes and the job comes back: it is given up again then.
				log.warn("Could not give up on {}: {}", described, ex.toString());
				return null;
			}
		}
		Duration delay = retries.delay(job.attempts());
		log.warn("{} failed (attempt {}), retrying in {}: {}", described, job.attempts(), delay, error);
		try {
			this.shards.write(shard, () -> this.queue.release(job, delay, error));
			return this.handler.retried();
		}
		catch (RuntimeException ex) {
			// The lease passes and the job comes back.
			log.warn("Could not give back {}: {}", described, ex.toString());
			return null;
		}
	}

	/** A claimed job. */
	public interface Job {

		/** Tries so far, the one it was claimed for included. */
		int attempts();

	}

	/**
	 * A job table of the shard schema. Every method but {@link #shardsWithDueJobs} runs
	 * in a transaction of the job's shard.
	 */
	public interface Queue<J> {

		/**
		 * The logical shards of a physical database that have a due job
		 * ({@link Shards#shardsHolding}).
		 */
		List<Integer> shardsWithDueJobs(PhysicalDatabase database);

		/**
		 * Claims the next due job of the current shard, if any: moves its lease to now
		 * plus {@code lease} and counts an attempt, skipping rows another worker holds.
		 */
		Optional<J> claimNext(Duration lease);

		/** Gives a job back, due again after the delay, with the error of its try. */
		void release(J job, Duration delay, String error);

	}

	/** What a queue's jobs do, and what their tries count in the metrics. */
	public interface Handler<J> {

		/**
		 * One try of a claimed job; a try that throws failed and is retried or given up.
		 * @return the outcome to record, or {@code null} for none
		 */
		String work(int shard, J job) throws Exception;

		/**
		 * Gives up on a job whose last allowed try failed; a failure here leaves the job
		 * to its lease.
		 * @param failure what the last try threw, so that the handler can tell what
		 * failed from the failure itself rather than from its text ({@link #error})
		 * @return the outcome to record, or {@code null} for none
		 */
		String giveUp(int shard, J job, Throwable failure);

		/** How a job is retried. */
		Retries retries(J job);

		/** The outcome of a failed try given back to be retried, or {@code null}. */
		default String retried() {
			return "retried";
		}

		/** Records the outcome of one try and how long it took. */
		default void record(J job, String outcome, Duration took) {
		}

		/** The job, as logs name it. */
		default String describe(J job) {
			return job.toString();
		}

		/** The error of a failed try, as stored with the job. */
		default String error(Throwable failure) {
			return failure.toString();
		}

	}

	/**
	 * The settings of a queue's worker.
	 *
	 * @param name names its threads ({@code <name>-worker-1}, {@code <name>-job-poller})
	 * and its logs
	 * @param poolSize jobs run at once by this instance
	 * @param lease how long a claimed job is reserved for its worker
	 * @param pollInterval how often due jobs are looked for
	 * @param shutdownTimeout how long running jobs may finish at shutdown
	 */
	public record Settings(String name, int poolSize, Duration lease, Duration pollInterval, Duration shutdownTimeout) {

	}

	/**
	 * How failed tries are retried.
	 *
	 * @param maxAttempts tries before the job is given up
	 * @param backoff delay before a failed try is retried, times its attempt number
	 * @param maxBackoff the longest delay
	 * @param errorsFailTries whether an {@link Error} (OutOfMemoryError,
	 * StackOverflowError) thrown by a try is a failed try like any other, rather than
	 * left to the lease
	 */
	public record Retries(int maxAttempts, Duration backoff, Duration maxBackoff, boolean errorsFailTries) {

		/** Never given up. */
		public static Retries forever(Duration backoff, Duration maxBackoff) {
			return new Retries(Integer.MAX_VALUE, backoff, maxBackoff, false);
		}

		/** At most {@code maxAttempts} tries, the delay growing without bound. */
		public static Retries upTo(int maxAttempts, Duration backoff, boolean errorsFailTries) {
			return new Retries(maxAttempts, backoff, null, errorsFailTries);
		}

		/** Whether a try with this attempt number is the last allowed. */
		public boolean isLast(int attempts) {
			return attempts >= this.maxAttempts;
		}

		/**
		 * Whether a claim with this attempt number comes after the last allowed try: that
		 * try's worker died without reporting back.
		 */
		public boolean isPastLast(int attempts) {
			return attempts > this.maxAttempts;
		}

		/** The delay before a failed try with this attempt number is retried. */
		public Duration delay(int attempts) {
			Duration delay = this.backoff.multipliedBy(attempts);
			return (this.maxBackoff != null && delay.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : delay;
		}

	}

}

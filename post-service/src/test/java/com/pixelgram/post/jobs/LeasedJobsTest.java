package com.pixelgram.post.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.ShardMap;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link LeasedJobs} on a job table of its own in every shard of the real Postgres: a job
 * whose worker died comes back when its lease passes, a failing job is retried with a
 * growing back-off and given up after its last try, two workers on one table never run a
 * job at once, and a job that found the pool full runs as soon as a worker is free.
 */
class LeasedJobsTest extends PostIntegrationTest {

	private static final String TABLE = "leased_job_test";

	/** Tells this test's jobs from those of an earlier run that left its table behind. */
	private final long run = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

	private final List<LeasedJobs<TestJob>> workers = new ArrayList<>();

	@BeforeEach
	void createTable() {
		for (int shard = 0; shard < this.shards.count(); shard++) {
			String table = ShardMap.schemaOf(shard) + "." + TABLE;
			this.shards.write(shard, () -> this.shards.jdbc()
				.sql("CREATE TABLE IF NOT EXISTS " + table + " (job_id bigint PRIMARY KEY, run bigint NOT NULL, "
						+ "status text NOT NULL DEFAULT 'PENDING', lease_until timestamptz NOT NULL DEFAULT now(), "
						+ "attempts int NOT NULL DEFAULT 0, last_error text)")
				.update());
		}
	}

	@AfterEach
	void stopWorkersAndDropTable() {
		this.workers.forEach(LeasedJobs::stop);
		for (int shard = 0; shard < this.shards.count(); shard++) {
			String table = ShardMap.schemaOf(shard) + "." + TABLE;
			this.shards.write(shard, () -> this.shards.jdbc().sql("DROP TABLE IF EXISTS " + table).update());
		}
	}

	@Test
	void takesAgainAJobWhoseWorkerDiedHoldingIt() {
		// Claimed once, its lease run out a minute ago: the worker that held it is gone.
		long died = insert(0, "now() - interval '1 minute'", 1);
		// Claimed once and held by a living worker for another hour.
		long held = insert(1, "now() + interval '1 hour'", 1);
		// A worker claims this one for a short lease and dies: it never reports back.
		long claimed = insert(0, "now()");
		TestJob claim = this.shards
			.write(this.shards.shardOf(claimed), () -> queue().claim(claimed, Duration.ofMillis(300)))
			.orElseThrow();
		assertThat(claim.attempts()).isEqualTo(1);
		RecordingHandler handler = new RecordingHandler(LeasedJobs.Retries.upTo(3, Duration.ofMillis(100), false));

		start(handler, Duration.ofMinutes(1));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(handler.tries).containsExactlyInAnyOrder(new Try(died, 2), new Try(claimed, 2)));
		assertThat(status(died)).isEqualTo("DONE");
		assertThat(status(claimed)).isEqualTo("DONE");
		// The job a living worker holds is left to it.
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(handler.tries).extracting(Try::jobId).doesNotContain(held));
		assertThat(status(held)).isEqualTo("PENDING");
		assertThat(handler.outcomes).containsExactly("done", "done");
	}

	@Test
	void retriesAFailingJobWithAGrowingBackOffAndGivesItUpAfterTheLastTry() {
		long job = insert(0, "now()");
		Duration backoff = Duration.ofMillis(300);
		RecordingHandler handler = new RecordingHandler(LeasedJobs.Retries.upTo(3, backoff, false));
		handler.failing = true;

		start(handler, Duration.ofMinutes(1));

		await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(status(job)));
		assertThat(handler.tries).containsExactly(new Try(job, 1), new Try(job, 2), new Try(job, 3));
		// Each retry waits the back-off times the number of the try that failed.
		assertThat(handler.startedAt.get(1) - handler.startedAt.get(0)).isGreaterThanOrEqualTo(backoff.toNanos());
		assertThat(handler.startedAt.get(2) - handler.startedAt.get(1))
			.isGreaterThanOrEqualTo(backoff.multipliedBy(2).toNanos());
		// The handler gets the failure itself; its text is what the logs and the job
		// show.
		assertThat(handler.gaveUp).singleElement(InstanceOfAssertFactories.THROWABLE)
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("try 3 of job " + job);
		assertThat(lastError(job)).isEqualTo("java.lang.IllegalStateException: try 2 of job " + job);
		assertThat(handler.outcomes).containsExactly("retried", "retried", "gave-up");
		// Given up: never tried again.
		await().during(Duration.ofMillis(800))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(handler.tries).hasSize(3));
	}

	@Test
	void leavesAnErrorToTheLeaseUnlessErrorsFailTries() {
		long left = insert(0, "now()");
		RecordingHandler leaving = new RecordingHandler(LeasedJobs.Retries.upTo(3, Duration.ofMillis(100), false));
		leaving.error = true;
		LeasedJobs<TestJob> notStarted = new LeasedJobs<>(this.shards, queue(), leaving,
				new LeasedJobs.Settings("test", 1, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ZERO));
		TestJob claimed = claim(left);

		assertThatThrownBy(() -> notStarted.run(this.shards.shardOf(left), claimed))
			.isInstanceOf(OutOfMemoryError.class);
		assertThat(lastError(left)).isNull();

		long retried = insert(0, "now()");
		RecordingHandler failing = new RecordingHandler(LeasedJobs.Retries.upTo(3, Duration.ofMillis(100), true));
		failing.error = true;
		new LeasedJobs<>(this.shards, queue(), failing,
				new LeasedJobs.Settings("test", 1, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ZERO))
			.run(this.shards.shardOf(retried), claim(retried));
		assertThat(lastError(retried)).isEqualTo("java.lang.OutOfMemoryError: try 1 of job " + retried);
		assertThat(failing.outcomes).containsExactly("retried");
	}

	@Test
	void twoWorkersNeverRunTheSameJobAtOnce() {
		List<Long> jobs = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			jobs.add(insert(i % this.shards.count(), "now()"));
		}
		RecordingHandler handler = new RecordingHandler(LeasedJobs.Retries.upTo(3, Duration.ofMillis(100), false));
		handler.busy = Duration.ofMillis(20);
		LeasedJobs<TestJob> first = start(handler, Duration.ofMinutes(1));
		LeasedJobs<TestJob> second = start(handler, Duration.ofMinutes(1));

		// Both are also handed every job directly, racing their own pollers.
		for (long job : jobs) {
			first.submit(this.shards.shardOf(job), (lease) -> queue().claim(job, lease));
			second.submit(this.shards.shardOf(job), (lease) -> queue().claim(job, lease));
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(jobs).allSatisfy((job) -> assertThat(status(job)).isEqualTo("DONE")));
		assertThat(handler.overlaps).hasValue(0);
		assertThat(handler.tries).extracting(Try::jobId).containsExactlyInAnyOrderElementsOf(jobs);
		assertThat(handler.threads).anyMatch((name) -> name.startsWith("test-worker-"));
	}

	@Test
	void aJobThatFoundThePoolFullRunsOnceAWorkerIsFreeAndNewerJobsDoNotJumpAhead() {
		// One worker, and a poller that would not come round for an hour: only the end
		// of a job can start the ones that wait.
		RecordingHandler handler = new RecordingHandler(LeasedJobs.Retries.upTo(3, Duration.ofMillis(100), false));
		handler.busy = Duration.ofMillis(300);
		LeasedJobs<TestJob> worker = new LeasedJobs<>(this.shards, queue(), handler,
				new LeasedJobs.Settings("test", 1, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(5)));
		this.workers.add(worker);
		worker.start();
		long first = insert(0, "now()");
		long waiting = insert(1, "now()");
		worker.submit(0, (lease) -> queue().claim(first, lease));
		await().atMost(Duration.ofSeconds(5)).until(() -> !handler.tries.isEmpty());
		// The pool is full: this one waits in its table.
		worker.submit(1, (lease) -> queue().claim(waiting, lease));
		// Committed while it waits, in the first job's shard: handed over at once, it
		// would take the worker the other one waits for.
		long newer = insert(0, "now()");
		worker.submit(0, (lease) -> queue().claim(newer, lease));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(List.of(first, waiting, newer))
				.allSatisfy((job) -> assertThat(status(job)).isEqualTo("DONE")));
		assertThat(handler.tries).extracting(Try::jobId).first().isEqualTo(first);
		assertThat(handler.overlaps).hasValue(0);
	}

	private LeasedJobs<TestJob> start(RecordingHandler handler, Duration lease) {
		LeasedJobs<TestJob> worker = new LeasedJobs<>(this.shards, queue(), handler,
				new LeasedJobs.Settings("test", 4, lease, Duration.ofMillis(100), Duration.ofSeconds(5)));
		this.workers.add(worker);
		worker.start();
		return worker;
	}

	/**
	 * A PENDING job of this run in the shard, never claimed, due at {@code leaseUntil}.
	 */
	private long insert(int shard, String leaseUntil) {
		return insert(shard, leaseUntil, 0);
	}

	/**
	 * A PENDING job of this run in the shard, claimed {@code attempts} times, due at
	 * {@code leaseUntil} (SQL).
	 */
	private long insert(int shard, String leaseUntil, int attempts) {
		long id = this.ids.nextId(shard);
		this.shards.write(shard,
				() -> this.shards.jdbc()
					.sql("INSERT INTO " + TABLE + " (job_id, run, attempts, lease_until) VALUES (:id, :run, :attempts, "
							+ leaseUntil + ")")
					.param("id", id)
					.param("run", this.run)
					.param("attempts", attempts)
					.update());
		return id;
	}

	private TestJob claim(long job) {
		return this.shards.write(this.shards.shardOf(job), () -> queue().claim(job, Duration.ofMinutes(1)))
			.orElseThrow();
	}

	private String status(long job) {
		return column(job, "status");
	}

	private String lastError(long job) {
		return column(job, "last_error");
	}

	private String column(long job, String column) {
		return this.shards.write(this.shards.shardOf(job),
				() -> this.shards.jdbc()
					.sql("SELECT " + column + " FROM " + TABLE + " WHERE job_id = :id")
					.param("id", job)
					.query((rs, row) -> rs.getString(1))
					.list()
					.get(0));
	}

	private TestQueue queue() {
		return new TestQueue();
	}

	record TestJob(long jobId, int attempts) implements LeasedJobs.Job {

	}

	record Try(long jobId, int attempts) {

	}

	/** The test table, claimed the way the product's job tables are. */
	private final class TestQueue implements LeasedJobs.Queue<TestJob> {

		private static final String LEASE = "now() + CAST(:millis AS double precision) * interval '1 millisecond'";

		@Override
		public List<Integer> shardsWithDueJobs(PhysicalDatabase database) {
			return LeasedJobsTest.this.shards.shardsHolding(database, TABLE,
					"run = " + LeasedJobsTest.this.run + " AND status = 'PENDING' AND lease_until <= now()");
		}

		@Override
		public Optional<TestJob> claimNext(Duration lease) {
			return claim("", lease, null);
		}

		Optional<TestJob> claim(long jobId, Duration lease) {
			return claim(" AND job_id = :id", lease, jobId);
		}

		private Optional<TestJob> claim(String condition, Duration lease, Long jobId) {
			var statement = LeasedJobsTest.this.shards.jdbc()
				.sql("UPDATE " + TABLE + " j SET lease_until = " + LEASE + ", attempts = j.attempts + 1 FROM "
						+ "(SELECT job_id FROM " + TABLE + " WHERE run = :run AND status = 'PENDING' "
						+ "AND lease_until <= now()" + condition
						+ " ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED) due "
						+ "WHERE j.job_id = due.job_id RETURNING j.job_id, j.attempts")
				.param("millis", lease.toMillis())
				.param("run", LeasedJobsTest.this.run);
			if (jobId != null) {
				statement = statement.param("id", jobId);
			}
			return statement.query((rs, row) -> new TestJob(rs.getLong("job_id"), rs.getInt("attempts"))).optional();
		}

		@Override
		public void release(TestJob job, Duration delay, String error) {
			LeasedJobsTest.this.shards.jdbc()
				.sql("UPDATE " + TABLE + " SET lease_until = " + LEASE + ", last_error = :error WHERE job_id = :id")
				.param("millis", delay.toMillis())
				.param("error", error)
				.param("id", job.jobId())
				.update();
		}

	}

	/**
	 * Marks a job DONE (or throws, when failing), and notes every try, its start, the
	 * threads and any try that overlapped another of the same job.
	 */
	private final class RecordingHandler implements LeasedJobs.Handler<TestJob> {

		private final LeasedJobs.Retries retries;

		private final Queue<Try> tries = new ConcurrentLinkedQueue<>();

		private final List<Long> startedAt = new CopyOnWriteArrayList<>();

		private final Queue<Throwable> gaveUp = new ConcurrentLinkedQueue<>();

		private final Queue<String> outcomes = new ConcurrentLinkedQueue<>();

		private final Queue<String> threads = new ConcurrentLinkedQueue<>();

		private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();

		private final AtomicInteger overlaps = new AtomicInteger();

		private volatile boolean failing;

		private volatile boolean error;

		private volatile Duration busy = Duration.ZERO;

		RecordingHandler(LeasedJobs.Retries retries) {
			this.retries = retries;
		}

		@Override
		public String work(int shard, TestJob job) throws InterruptedException {
			this.startedAt.add(System.nanoTime());
			this.tries.add(new Try(job.jobId(), job.attempts()));
			this.threads.add(Thread.currentThread().getName());
			AtomicInteger runs = this.running.computeIfAbsent(job.jobId(), (id) -> new AtomicInteger());
			if (runs.incrementAndGet() > 1) {
				this.overlaps.incrementAndGet();
			}
			try {
				Thread.sleep(this.busy.toMillis());
				String message = "try " + job.attempts() + " of job " + job.jobId();
				if (this.error) {
					throw new OutOfMemoryError(message);
				}
				if (this.failing) {
					throw new IllegalStateException(message);
				}
				setStatus(shard, job, "DONE");
				return "done";
			}
			finally {
				runs.decrementAndGet();
			}
		}

		@Override
		public String giveUp(int shard, TestJob job, Throwable failure) {
			this.gaveUp.add(failure);
			setStatus(shard, job, "FAILED");
			return "gave-up";
		}

		@Override
		public LeasedJobs.Retries retries(TestJob job) {
			return this.retries;
		}

		@Override
		public void record(TestJob job, String outcome, Duration took) {
			this.outcomes.add(outcome);
		}

		private void setStatus(int shard, TestJob job, String status) {
			LeasedJobsTest.this.shards.write(shard,
					() -> LeasedJobsTest.this.shards.jdbc()
						.sql("UPDATE " + TABLE + " SET status = :status WHERE job_id = :id")
						.param("status", status)
						.param("id", job.jobId())
						.update());
		}

	}

}

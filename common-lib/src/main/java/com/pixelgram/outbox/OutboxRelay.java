package com.pixelgram.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import com.pixelgram.shard.PhysicalDatabase;
import io.awspring.cloud.sqs.operations.SendResult;
import io.awspring.cloud.sqs.operations.SqsAsyncOperations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to SQS: one worker per physical database claims pending
 * rows with {@code FOR UPDATE SKIP LOCKED} (so replicas never send the same row at once),
 * sends them in batches of ten, and marks them sent. A message SQS refuses is retried
 * with exponential back-off; while SQS is unreachable the worker backs off and rows wait,
 * untouched. Delivery is at least once: consumers deduplicate on the event ID.
 * <p>
 * Each message carries the trace context its row was published with, so the consumer
 * continues the publishing request's trace. The relay's own sending is not traced: a span
 * per batch would belong to no request, and would stand between each event and its cause.
 */
public class OutboxRelay implements SmartLifecycle {

	static final int SQS_BATCH = 10;

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final List<Worker> workers = new ArrayList<>();

	private volatile boolean running;

	public OutboxRelay(Collection<PhysicalDatabase> databases, SqsAsyncOperations sqs, QueueProvisioner provisioner,
			EventProperties.Relay properties, MeterRegistry meters) {
		for (PhysicalDatabase database : databases) {
			this.workers.add(new Worker(database, sqs, provisioner, properties, meters));
		}
	}

	/** Wakes every worker: a transaction with events just committed. */
	public void wake() {
		for (Worker worker : this.workers) {
			worker.wake();
		}
	}

	/** Runs one claim-send-mark round on every database, for tests and tools. */
	public int relayOnce() {
		int sent = 0;
		for (Worker worker : this.workers) {
			sent += worker.relayOnce().claimed();
		}
		return sent;
	}

	@Override
	public void start() {
		this.running = true;
		this.workers.forEach(Worker::start);
	}

	@Override
	public void stop() {
		this.running = false;
		this.workers.forEach(Worker::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stop after the web server and listeners have drained, start before them.
		return Integer.MAX_VALUE - 2048;
	}

	private record Row(long id, String destination, String payload, Map<String, String> traceContext, Instant createdAt,
			int attempts) {

	}

	private record Round(int claimed, RuntimeException outage) {

	}

	private static final class Worker implements Runnable {

		private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

		private final PhysicalDatabase database;

		private final SqsAsyncOperations sqs;

		private final QueueProvisioner provisioner;

		private final EventProperties.Relay properties;

		private final JdbcClient jdbc;

		private final TransactionTemplate transaction;

		private final Counter sentCounter;

		private final Counter failedCounter;

		private final Timer lag;

		private volatile Thread thread;

		private volatile boolean stopping;

		private Instant nextCleanup = Instant.now();

		private long outageBackoffMillis;

		Worker(PhysicalDatabase database, SqsAsyncOperations sqs, QueueProvisioner provisioner,
				EventProperties.Relay properties, MeterRegistry meters) {
			this.database = database;
			this.sqs = sqs;
			this.provisioner = provisioner;
			this.properties = properties;
			this.jdbc = JdbcClient.create(database.primary());
			this.transaction = new TransactionTemplate(new DataSourceTransactionManager(database.primary()));
			String name = database.name();
			this.sentCounter = Counter.builder("pixelgram.outbox.sent")
				.description("Events handed to SQS")
				.tag("database", name)
				.register(meters);
			this.failedCounter = Counter.builder("pixelgram.outbox.send.failures")
				.description("Events SQS refused or could not be reached for")
				.tag("database", name)
				.register(meters);
			this.lag = Timer.builder("pixelgram.outbox.lag")
				.description("Time from commit to SQS acceptance")
				.tag("database", name)
				.publishPercentiles(0.5, 0.99)
				.publishPercentileHistogram()
				.register(meters);
			Gauge.builder("pixelgram.outbox.pending", this, Worker::pendingCount)
				.description("Outbox rows not yet sent")
				.tag("database", name)
				.register(meters);
			Gauge.builder("pixelgram.outbox.oldest.age", this, Worker::oldestPendingAgeSeconds)
				.description("Age in seconds of the oldest unsent outbox row")
				.tag("database", name)
				.baseUnit("seconds")
				.register(meters);
		}

		void start() {
			this.stopping = false;
			Thread worker = new Thread(this, "outbox-relay-" + this.database.name());
			worker.setDaemon(true);
			this.thread = worker;
			worker.start();
		}

		void stop() {
			this.stopping = true;
			Thread current = this.thread;
			if (current != null) {
				LockSupport.unpark(current);
				try {
					current.join(5_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		void wake() {
			Thread current = this.thread;
			if (current != null) {
				LockSupport.unpark(current);
			}
		}

		@Override
		public void run() {
			while (!this.stopping) {
				long pauseNanos;
				try {
					Round round = relayOnce();
					if (round.outage() != null) {
						pauseNanos = outageBackoff(round.outage());
					}
					else {
						this.outageBackoffMillis = 0;
						pauseNanos = (round.claimed() >= this.properties.claimSize()) ? 0
								: this.properties.pollInterval().toNanos();
					}
					cleanUpIfDue();
				}
				catch (RuntimeException ex) {
					pauseNanos = outageBackoff(ex);
				}
				if (pauseNanos > 0 && !this.stopping) {
					LockSupport.parkNanos(pauseNanos);
				}
			}
		}

		Round relayOnce() {
			Round round = this.transaction.execute((status) -> {
				List<Row> rows = this.jdbc
					.sql("SELECT id, destination, payload::text AS payload, trace_context::text AS trace_context, "
							+ "created_at, attempts FROM outbox.message "
							+ "WHERE sent_at IS NULL AND next_attempt_at <= clock_timestamp() "
							+ "ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
					.param("limit", this.properties.claimSize())
					.query((rs, rowNum) -> new Row(rs.getLong("id"), rs.getString("destination"),
							rs.getString("payload"), TraceHeaders.fromJson(rs.getString("trace_context")),
							rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts")))
					.list();
				if (rows.isEmpty()) {
					return new Round(0, null);
				}
				return send(rows);
			});
			return (round != null) ? round : new Round(0, null);
		}

		private Round send(List<Row> rows) {
			Map<String, List<Row>> byDestination = new LinkedHashMap<>();
			rows.forEach(
					(row) -> byDestination.computeIfAbsent(row.destination(), (key) -> new ArrayList<>()).add(row));
			List<Row> sent = new ArrayList<>();
			List<Row> refused = new ArrayList<>();
			Map<Long, String> errors = new LinkedHashMap<>();
			// Every batch of the claim is in flight at once: the round costs one SQS
			// round trip, not one per ten rows.
			List<CompletableFuture<Void>> batches = new ArrayList<>();
			for (Map.Entry<String, List<Row>> entry : byDestination.entrySet()) {
				List<Row> pending = entry.getValue();
				for (int from = 0; from < pending.size(); from += SQS_BATCH) {
					batches.add(sendChunk(entry.getKey(),
							pending.subList(from, Math.min(from + SQS_BATCH, pending.size())), sent, refused, errors));
				}
			}
			RuntimeException outage = null;
			for (CompletableFuture<Void> batch : batches) {
				try {
					batch.join();
				}
				catch (RuntimeException ex) {
					// SQS unreachable or the queue is gone: not the message's fault,
					// so the rows keep their attempts and wait for the back-off.
					outage = ex;
				}
			}
			if (outage != null && isMissingQueue(outage)) {
				this.provisioner.tryProvision();
			}
			Instant now = Instant.now();
			if (!sent.isEmpty()) {
				this.jdbc.sql("UPDATE outbox.message SET sent_at = clock_timestamp() WHERE id IN (:ids)")
					.param("ids", sent.stream().map(Row::id).toList())
					.update();
				this.sentCounter.increment(sent.size());
				sent.forEach((row) -> this.lag.record(Duration.between(row.createdAt(), now)));
			}
			for (Row row : refused) {
				this.jdbc
					.sql("UPDATE outbox.message SET attempts = attempts + 1, last_error = :error, "
							+ "next_attempt_at = clock_timestamp() + make_interval(secs => :delay) WHERE id = :id")
					.param("error", errors.get(row.id()))
					.param("delay", retryDelay(row.attempts()).toMillis() / 1000.0)
					.param("id", row.id())
					.update();
			}
			if (!refused.isEmpty()) {
				this.failedCounter.increment(refused.size());
			}
			return new Round(rows.size(), outage);
		}

		private CompletableFuture<Void> sendChunk(String destination, List<Row> chunk, List<Row> sent,
				List<Row> refused, Map<Long, String> errors) {
			Map<Message<String>, Row> byMessage = new IdentityHashMap<>();
			List<Message<String>> messages = new ArrayList<>(chunk.size());
			for (Row row : chunk) {
				// The publisher's trace context goes as message attributes named
				// after the propagator's headers (traceparent, tracestate), which
				// the listener observation reads as the consumer span's parent.
				Message<String> message = MessageBuilder.withPayload(row.payload())
					.copyHeaders(row.traceContext())
					.build();
				byMessage.put(message, row);
				messages.add(message);
			}
			return this.sqs.sendManyAsync(destination, messages).thenAccept((result) -> {
				synchronized (sent) {
					result.successful().forEach((success) -> sent.add(byMessage.get(success.message())));
					for (SendResult.Failed<String> failure : result.failed()) {
						Row row = byMessage.get(failure.message());
						refused.add(row);
						errors.put(row.id(), failure.errorMessage());
					}
				}
			});
		}

		private Duration retryDelay(int attempts) {
			long millis = this.properties.initialBackoff().toMillis() << Math.min(attempts, 20);
			return Duration.ofMillis(Math.min(millis, this.properties.maxBackoff().toMillis()));
		}

		private long outageBackoff(RuntimeException ex) {
			boolean first = this.outageBackoffMillis == 0;
			this.outageBackoffMillis = first ? this.properties.initialBackoff().toMillis()
					: Math.min(this.outageBackoffMillis * 2, this.properties.maxBackoff().toMillis());
			if (first) {
				log.warn("Outbox relay of database {} cannot send ({}); events wait in the outbox and are retried",
						this.database.name(), QueueProvisioner.rootMessage(ex));
			}
			return Duration.ofMillis(this.outageBackoffMillis).toNanos();
		}

		private void cleanUpIfDue() {
			Instant now = Instant.now();
			if (now.isBefore(this.nextCleanup)) {
				return;
			}
			this.nextCleanup = now.plus(CLEANUP_INTERVAL);
			this.jdbc.sql("DELETE FROM outbox.message WHERE sent_at < :before")
				.param("before", Timestamp.from(now.minus(this.properties.retention())))
				.update();
		}

		private double pendingCount() {
			return measured("SELECT count(*)::float8 FROM outbox.message WHERE sent_at IS NULL");
		}

		private double oldestPendingAgeSeconds() {
			return measured("SELECT COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 "
					+ "FROM outbox.message WHERE sent_at IS NULL");
		}

		/**
		 * A gauge's figure, unknown (NaN) when the database is down or fails the query.
		 */
		private double measured(String sql) {
			if (!this.database.available()) {
				// A scrape must not wait for a database that is down.
				return Double.NaN;
			}
			try {
				return this.jdbc.sql(sql).query(Double.class).single();
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
		}

		private static boolean isMissingQueue(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause.getClass().getSimpleName().contains("QueueDoesNotExist")
						|| String.valueOf(cause.getMessage()).contains("NonExistentQueue")
						|| String.valueOf(cause.getMessage()).contains("does not exist")) {
					return true;
				}
				if (cause.getCause() == cause) {
					break;
				}
			}
			return false;
		}

	}

}

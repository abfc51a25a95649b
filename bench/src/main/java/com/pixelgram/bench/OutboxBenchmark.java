package com.pixelgram.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pixelgram.events.EventCodec;
import com.pixelgram.events.UserRegistered;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.TestDatabase;
import com.pixelgram.testsupport.TestPostgres;
import com.pixelgram.testsupport.TestSqs;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The transactional outbox under load, on two physical databases and eight logical
 * shards: throughput from commit to SQS, and the commit-to-SQS lag at a steady 200
 * events/s; the baseline is the same messages sent straight to SQS with no database in
 * between.
 */
final class OutboxBenchmark {

	private static final int BURST_EVENTS = 5_000;

	private static final int EVENTS_PER_TRANSACTION = 100;

	private static final int STEADY_RATE = 200;

	private static final Duration STEADY_DURATION = Duration.ofSeconds(10);

	Report.Section run() throws Exception {
		TestDatabase first = TestPostgres.createDatabase("bench_outbox_a");
		TestDatabase second = TestPostgres.createDatabase("bench_outbox_b");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties(properties(first, second))
			.run()) {
			Shards shards = context.getBean(Shards.class);
			EventPublisher publisher = context.getBean(EventPublisher.class);
			IdGenerator ids = context.getBean(IdGenerator.class);

			double burstRate = burst(shards, publisher, ids);
			double directRate = directToSqs(context.getBean(SqsAsyncClient.class), context.getBean(EventCodec.class),
					ids);
			Instant steadyStart = Instant.now();
			steady(shards, publisher, ids);
			awaitDrained(shards);
			Lag lag = lagSince(shards, steadyStart);

			List<List<String>> rows = new ArrayList<>();
			rows.add(List.of("throughput, " + BURST_EVENTS + " events committed 100 per transaction",
					Report.perSecond(burstRate), Report.perSecond(directRate) + " (sendMessageBatch of 10, no DB)"));
			rows.add(List.of(
					"commit → SQS lag at " + STEADY_RATE + " events/s for " + STEADY_DURATION.toSeconds() + " s ("
							+ lag.count() + " events)",
					"p50 " + Report.millis(lag.p50()) + ", p99 " + Report.millis(lag.p99()) + ", max "
							+ Report.millis(lag.max()),
					"—"));
			return new Report.Section("Outbox relay (events to SQS)",
					"Postgres from `PIXELGRAM_TEST_POSTGRES_URL` (or embedded), two databases holding 4 + 4 logical "
							+ "shards, one relay worker per database, batches of 10 to an embedded ElasticMQ. Lag is "
							+ "`sent_at - created_at` of each outbox row, as Postgres recorded it.",
					List.of("measure", "outbox", "baseline"), rows);
		}
	}

	private static double burst(Shards shards, EventPublisher publisher, IdGenerator ids) {
		long start = System.nanoTime();
		for (int done = 0, tx = 0; done < BURST_EVENTS; done += EVENTS_PER_TRANSACTION, tx++) {
			int shard = tx % shards.count();
			shards.write(shard, () -> {
				for (int i = 0; i < EVENTS_PER_TRANSACTION; i++) {
					publisher.publish(event(ids, shard));
				}
			});
		}
		awaitDrained(shards);
		return BURST_EVENTS / ((System.nanoTime() - start) / 1e9);
	}

	private static double directToSqs(SqsAsyncClient sqs, EventCodec codec, IdGenerator ids) {
		SqsTemplate template = SqsTemplate.newTemplate(sqs);
		String queue = System.getProperty("bench.queue");
		long start = System.nanoTime();
		for (int sent = 0; sent < BURST_EVENTS; sent += 10) {
			List<Message<String>> batch = new ArrayList<>(10);
			for (int i = 0; i < 10; i++) {
				batch.add(MessageBuilder
					.withPayload(codec.encode(java.util.UUID.randomUUID(), Instant.now(), event(ids, i % 8)))
					.build());
			}
			template.sendMany(queue, batch);
		}
		return BURST_EVENTS / ((System.nanoTime() - start) / 1e9);
	}

	private static void steady(Shards shards, EventPublisher publisher, IdGenerator ids) throws InterruptedException {
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		long total = STEADY_RATE * STEADY_DURATION.toSeconds();
		long[] sent = { 0 };
		ticker.scheduleAtFixedRate(() -> {
			if (sent[0] < total) {
				int shard = (int) (sent[0] % shards.count());
				shards.write(shard, () -> publisher.publish(event(ids, shard)));
				sent[0]++;
			}
		}, 0, 1_000_000 / STEADY_RATE, TimeUnit.MICROSECONDS);
		ticker.awaitTermination(STEADY_DURATION.toMillis() + 2_000, TimeUnit.MILLISECONDS);
		ticker.shutdownNow();
	}

	private static void awaitDrained(Shards shards) {
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (pending(shards) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the outbox did not drain in 5 minutes");
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static long pending(Shards shards) {
		long pending = 0;
		for (PhysicalDatabase database : shards.databases()) {
			pending += JdbcClient.create(database.primary())
				.sql("SELECT count(*) FROM outbox.message WHERE sent_at IS NULL")
				.query(Long.class)
				.single();
		}
		return pending;
	}

	private record Lag(long count, double p50, double p99, double max) {

	}

	private static Lag lagSince(Shards shards, Instant since) {
		List<Double> lags = new ArrayList<>();
		for (PhysicalDatabase database : shards.databases()) {
			lags.addAll(JdbcClient.create(database.primary())
				.sql("SELECT EXTRACT(EPOCH FROM sent_at - created_at) * 1000 FROM outbox.message "
						+ "WHERE created_at >= :since")
				.param("since", java.sql.Timestamp.from(since))
				.query(Double.class)
				.list());
		}
		lags.sort(Double::compare);
		if (lags.isEmpty()) {
			return new Lag(0, Double.NaN, Double.NaN, Double.NaN);
		}
		return new Lag(lags.size(), percentile(lags, 0.50), percentile(lags, 0.99), lags.get(lags.size() - 1));
	}

	private static double percentile(List<Double> sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private static UserRegistered event(IdGenerator ids, int shard) {
		return new UserRegistered(ids.nextId(shard), "bench", "Bench User", Instant.now());
	}

	private static Map<String, Object> properties(TestDatabase first, TestDatabase second) {
		String prefix = TestSqs.uniqueQueuePrefix("bench");
		System.setProperty("bench.queue", prefix + "bench-direct");
		return Map.ofEntries(Map.entry("spring.main.banner-mode", "off"), Map.entry("logging.level.root", "WARN"),
				Map.entry("pixelgram.shards.count", 8),
				Map.entry("pixelgram.shards.shard-migrations", "classpath:db/bench-shard"),
				Map.entry("pixelgram.shards.databases[0].name", "a"),
				Map.entry("pixelgram.shards.databases[0].url", first.url()),
				Map.entry("pixelgram.shards.databases[0].username", first.username()),
				Map.entry("pixelgram.shards.databases[0].password", first.password()),
				Map.entry("pixelgram.shards.databases[0].shards[0]", "0-3"),
				Map.entry("pixelgram.shards.databases[1].name", "b"),
				Map.entry("pixelgram.shards.databases[1].url", second.url()),
				Map.entry("pixelgram.shards.databases[1].username", second.username()),
				Map.entry("pixelgram.shards.databases[1].password", second.password()),
				Map.entry("pixelgram.shards.databases[1].shards[0]", "4-7"),
				Map.entry("pixelgram.events.queue-prefix", prefix),
				Map.entry("pixelgram.events.subscriptions.bench-events[0]", "UserRegistered"),
				Map.entry("pixelgram.events.subscriptions.bench-direct[0]", "UserUpdated"),
				Map.entry("spring.cloud.aws.sqs.endpoint", TestSqs.endpoint()),
				Map.entry("spring.cloud.aws.region.static", "us-east-1"),
				Map.entry("spring.cloud.aws.credentials.access-key", "bench"),
				Map.entry("spring.cloud.aws.credentials.secret-key", "bench"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}

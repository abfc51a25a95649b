package com.pixelgram.shard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import com.pixelgram.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lock provider every service's scheduled jobs share, on real Postgres: a job that
 * holds its lock for its interval ({@code lockAtLeastFor}) runs once per interval across
 * the replicas however short its run, and each replica counts what it got.
 */
@SpringBootTest(classes = ScheduledLocksTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "pixelgram.shards.shard-migrations=classpath:db/test-shard",
				"pixelgram.shards.global-migrations=classpath:db/test-global",
				"spring.autoconfigure.exclude=io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration" })
class ScheduledLocksTest {

	private static final Duration INTERVAL = Duration.ofSeconds(2);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "scheduled_locks", 2, 1);
	}

	@Autowired
	LockProvider locks;

	@Autowired
	MeterRegistry meters;

	@Test
	void aFinishedRunKeepsTheLockForTheIntervalFromOtherReplicas() {
		String job = "interval-job";
		Optional<SimpleLock> run = this.locks.lock(withInterval(job));
		assertThat(run).isPresent();
		run.get().unlock();

		assertThat(this.locks.lock(withInterval(job))).as("another replica within the interval").isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.locks.lock(withInterval(job)).isPresent());

		assertThat(this.locks).isInstanceOf(MeteredLockProvider.class);
		assertThat(count(job, "acquired")).isEqualTo(2);
		assertThat(count(job, "busy")).isPositive();
	}

	@Test
	void withoutAnIntervalTheLockEndsWithTheRun() {
		String job = "released-job";
		Optional<SimpleLock> run = this.locks
			.lock(new LockConfiguration(Instant.now(), job, Duration.ofMinutes(1), Duration.ZERO));
		assertThat(run).isPresent();
		assertThat(this.locks.lock(withInterval(job))).as("while the run lasts").isEmpty();
		run.get().unlock();

		assertThat(this.locks.lock(withInterval(job))).as("right after the run").isPresent();
	}

	private double count(String job, String outcome) {
		return this.meters.get(MeteredLockProvider.METRIC).tags("job", job, "outcome", outcome).counter().count();
	}

	private static LockConfiguration withInterval(String job) {
		return new LockConfiguration(Instant.now(), job, INTERVAL, INTERVAL);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

package com.pixelgram.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out by replicas: two replicas each of post-service, feed-service and
 * notification-service, sharing their databases, queues and Redis, behind round-robin
 * proxies as behind a Kubernetes Service, under the chaos suite's mixed load through the
 * gateway. Each replica serves requests and consumes events; every event still has its
 * effect exactly once ({@link Checks}: counts, notifications, feeds); each scheduled job
 * runs once per interval across the replicas, not once per replica; and when one replica
 * of each is killed, the other carries the load and nothing is lost.
 */
class ReplicasTest {

	private static final List<String> REPLICATED = List.of(ChaosStack.POST, ChaosStack.FEED, ChaosStack.NOTIFICATION);

	/** Two of the jobs, made to run every few seconds, to count their runs. */
	private static final Duration JOB_INTERVAL = Duration.ofSeconds(2);

	private static final Map<String, String> JOBS = Map.of("idempotency-key-sweep", ChaosStack.POST,
			"notification-retention-sweep", ChaosStack.NOTIFICATION);

	/**
	 * Two jobs run every few seconds; the gateway renews its pooled connections every few
	 * seconds (30 s in production), so that each replica gets requests within the load.
	 */
	private static final Map<String, List<String>> ARGUMENTS = Map.of(ChaosStack.POST,
			List.of("--pixelgram.post.idempotency-sweep-interval=PT" + JOB_INTERVAL.toSeconds() + "S"),
			ChaosStack.NOTIFICATION,
			List.of("--pixelgram.notification.sweep-interval=PT" + JOB_INTERVAL.toSeconds() + "S"), ChaosStack.GATEWAY,
			List.of("--spring.cloud.gateway.server.webflux.httpclient.pool.max-life-time=3s"));

	private static final Duration LOAD = Duration.ofSeconds(30);

	private static final long SEED = 17;

	private static final Path REPORT = Path.of("target", "replicas-report.md");

	@Test
	void replicasShareTheWorkAndDoEachPartOnce() {
		ChaosReport report = new ChaosReport("two replicas of post-service, feed-service and notification-service");
		List<String> problems = new ArrayList<>();
		try (ChaosStack stack = ChaosStack.start(REPLICATED, ARGUMENTS)) {
			StackProbe probe = new StackProbe(stack);
			Client client = new Client(stack.gateway());
			Ledger ledger = new Ledger();
			List<User> users = Traffic.register(client, 2);
			Traffic traffic = new Traffic(client, ledger, users, SEED);
			Checks checks = new Checks(new Client(stack.gateway()), ledger, users);
			ChaosSuiteTest.seed(users, ledger, traffic);

			Map<String, Double> ranBefore = jobRuns(probe, "acquired");
			long from = System.nanoTime();
			report.add(ChaosSuiteTest.run(new Fault("none: both replicas of each up", LOAD, () -> {
			}, () -> {
			}, (call) -> false), stack, client, traffic, checks));
			double seconds = (System.nanoTime() - from) / 1e9;
			Map<String, Double> ran = jobRuns(probe, "acquired");
			Map<String, Double> busy = jobRuns(probe, "busy");
			for (Map.Entry<String, String> job : JOBS.entrySet()) {
				double runs = ran.get(job.getKey()) - ranBefore.get(job.getKey());
				double once = seconds / JOB_INTERVAL.toSeconds();
				System.out.printf(
						"Job %s: %.0f runs across both replicas in %.0f s (one per interval: %.1f), "
								+ "%.0f attempts found the lock held%n",
						job.getKey(), runs, seconds, once, busy.get(job.getKey()));
				if (runs > once + 2 || runs < once / 2) {
					problems.add(job.getKey() + " ran " + runs + " times in " + seconds + " s, not once per "
							+ JOB_INTERVAL.toSeconds() + " s");
				}
			}
			for (String service : REPLICATED) {
				for (String replica : List.of(service, ChaosStack.second(service))) {
					double served = probe.sum(replica, "http_server_requests_seconds_count", "uri=\"/v1/");
					double consumed = probe.sum(replica, "spring_aws_sqs_listener_seconds_count");
					System.out.printf("%s served %.0f requests and consumed %.0f messages%n", replica, served,
							consumed);
					if (served <= 0) {
						problems.add(replica + " served no request of the API");
					}
					if (consumed <= 0) {
						problems.add(replica + " consumed no event");
					}
				}
			}

			report.add(ChaosSuiteTest.run(new Fault("one replica of each killed (SIGKILL), restarted",
					Duration.ofSeconds(15), () -> REPLICATED.forEach(stack::kill), () -> {
						REPLICATED.forEach(stack::launch);
						stack.awaitReady(REPLICATED, Duration.ofMinutes(3));
					}, (call) -> REPLICATED.contains(Fault.serviceOf(call.route()))), stack, client, traffic, checks));
		}
		finally {
			report.write(REPORT);
			System.out.println(report.markdown());
		}
		problems.addAll(report.failures());
		assertThat(problems).as("what two replicas did twice, or not at all (%s)", REPORT.toAbsolutePath()).isEmpty();
	}

	/**
	 * How often each of {@link #JOBS} took its lock or found it held, both replicas
	 * together.
	 */
	private static Map<String, Double> jobRuns(StackProbe probe, String outcome) {
		Map<String, Double> runs = new LinkedHashMap<>();
		JOBS.forEach((job, service) -> {
			double sum = 0;
			for (String replica : List.of(service, ChaosStack.second(service))) {
				sum += Math.max(0, probe.sum(replica, "pixelgram_scheduled_locks_total", "job=\"" + job + "\"",
						"outcome=\"" + outcome + "\""));
			}
			runs.put(job, sum);
		});
		return runs;
	}

}

package com.pixelgram.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults without loss: the suite's real processes under a mixed load through the gateway,
 * one fault at a time (Redis hung and killed, the SQS server stopped, a service killed
 * with SIGKILL and started again, one physical database stopped), each followed by the
 * checks of {@link Checks}. The short form ({@code ./mvnw verify}) injects the faults
 * that matter most for about 10 s each; the full one
 * ({@code -Dpixelgram.chaos.mode=full}, {@code -Pchaos-full} or
 * {@code bench/run --chaos}) injects every fault for 30 to 60 s.
 * {@code -Dpixelgram.chaos.only=database,SQS} keeps the faults whose names contain one of
 * those words (the baseline always runs), to try one fault without the rest.
 */
class ChaosSuiteTest {

	/** After a fault ends, every check must pass within this. */
	private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

	/** The load goes on this long once the failed part runs again. */
	private static final Duration AFTERMATH = Duration.ofSeconds(3);

	private static final Duration SETTLE = Duration.ofSeconds(30);

	private static final long SEED = 16;

	private static final Path REPORT = Path.of("target", "chaos-report.md");

	@Test
	void everyFaultCostsOnlyWhatFailedAndLosesNothing() {
		boolean full = "full".equalsIgnoreCase(System.getProperty("pixelgram.chaos.mode", "short"));
		ChaosReport report = new ChaosReport(full ? "full" : "short");
		try (ChaosStack stack = ChaosStack.start()) {
			Client client = new Client(stack.gateway());
			Client checker = new Client(stack.gateway());
			Ledger ledger = new Ledger();
			List<User> users = Traffic.register(client, full ? 4 : 3);
			Traffic traffic = new Traffic(client, ledger, users, SEED);
			Checks checks = new Checks(checker, ledger, users);
			seed(users, ledger, traffic);
			for (Fault fault : faults(stack, full)) {
				report.add(run(fault, stack, client, traffic, checks));
				System.out.println(report.markdown());
			}
		}
		finally {
			report.write(REPORT);
			System.out.println(report.markdown());
		}
		assertThat(report.failures()).as("faults whose cost went beyond what failed (%s)", REPORT.toAbsolutePath())
			.isEmpty();
	}

	/**
	 * The faults in order. The short form takes the three that matter most: a hung Redis
	 * (the feed's store and every cache), a consumer killed mid-stream (feed-service) and
	 * the event transport gone.
	 */
	private static List<Fault> faults(ChaosStack stack, boolean full) {
		Duration brief = Duration.ofSeconds(10);
		List<Fault> faults = new ArrayList<>();
		faults.add(new Fault("none (baseline)", Duration.ofSeconds(5), () -> {
		}, () -> {
		}, (call) -> false));
		faults.add(redisHung(stack, full ? Duration.ofSeconds(30) : brief));
		if (full) {
			faults.add(redisKilled(stack, Duration.ofSeconds(30)));
		}
		List<String> killed = full ? List.of(ChaosStack.FEED, ChaosStack.POST, ChaosStack.USER, ChaosStack.NOTIFICATION,
				ChaosStack.GATEWAY) : List.of(ChaosStack.FEED);
		for (String service : killed) {
			faults.add(serviceKilled(stack, service, full ? Duration.ofSeconds(30) : brief));
		}
		faults.add(new Fault("SQS server stopped", full ? Duration.ofSeconds(60) : brief, stack::cutSqs,
				stack::restoreSqs, (call) -> false));
		if (full) {
			faults.add(new Fault("post-service database b (shards 4-7) stopped", Duration.ofSeconds(30),
					stack::cutDatabase, stack::restoreDatabase, Fault.postsOfSecondDatabase()));
			faults.add(new Fault("post-service database b (shards 4-7) hung", Duration.ofSeconds(30),
					stack::hangDatabase, stack::restoreDatabase, Fault.postsOfSecondDatabase()));
		}
		return only(faults, System.getProperty("pixelgram.chaos.only", ""));
	}

	/**
	 * The baseline and the faults whose names contain one of the comma-separated words
	 * (any case); every fault when there are none.
	 */
	static List<Fault> only(List<Fault> faults, String words) {
		List<String> wanted = Arrays.stream(words.split(","))
			.map((word) -> word.trim().toLowerCase(Locale.ROOT))
			.filter((word) -> !word.isEmpty())
			.toList();
		if (wanted.isEmpty()) {
			return faults;
		}
		List<Fault> kept = new ArrayList<>(faults.subList(0, 1));
		faults.subList(1, faults.size())
			.stream()
			.filter((fault) -> wanted.stream().anyMatch(fault.name().toLowerCase(Locale.ROOT)::contains))
			.forEach(kept::add);
		return kept;
	}

	private static Fault redisHung(ChaosStack stack, Duration duration) {
		return new Fault("Redis hung (SIGSTOP)", duration, stack::hangRedis, stack::continueRedis,
				Fault.routedTo(ChaosStack.FEED));
	}

	private static Fault redisKilled(ChaosStack stack, Duration duration) {
		return new Fault("Redis killed (SIGKILL), started empty", duration, stack::killRedis, stack::startRedis,
				Fault.routedTo(ChaosStack.FEED));
	}

	private static Fault serviceKilled(ChaosStack stack, String service, Duration duration) {
		Predicate<Client.Call> mayFail = service.equals(ChaosStack.GATEWAY) ? (call) -> true : Fault.routedTo(service);
		return new Fault(service + " killed (SIGKILL), restarted", duration, () -> stack.kill(service), () -> {
			stack.launch(service);
			stack.awaitReady(List.of(service), Duration.ofMinutes(3));
		}, mayFail);
	}

	/** Before any fault: each user follows two others and posts a photo. */
	static void seed(List<User> users, Ledger ledger, Traffic traffic) {
		Random random = new Random(SEED);
		for (User user : users) {
			for (int i = 0; i < 2; i++) {
				User other = users.get(random.nextInt(users.size()));
				if (other != user && !traffic.follow(user, other.id())) {
					throw new IllegalStateException("could not follow before any fault");
				}
			}
			if (!traffic.upload(user, "first photo", UUID.randomUUID().toString(), random)) {
				throw new IllegalStateException("could not upload before any fault");
			}
		}
		ledger.visiblePosts.addAll(ledger.posts.keySet());
	}

	static ChaosReport.Row run(Fault fault, ChaosStack stack, Client client, Traffic traffic, Checks checks) {
		System.out.println("Fault: " + fault.name() + " for " + fault.duration().toSeconds() + " s");
		traffic.start();
		ChaosStack.sleep(Duration.ofSeconds(2));
		long from = System.nanoTime();
		fault.inject().run();
		ChaosStack.sleep(fault.duration());
		long healing = System.nanoTime();
		fault.heal().run();
		long healed = System.nanoTime();
		ChaosStack.sleep(AFTERMATH);
		traffic.stop();
		long to = System.nanoTime();
		int unanswered = traffic.settle(SETTLE);
		Checks.Outcome outcome = checks.run();
		while (!outcome.passed() && System.nanoTime() - healed < RECOVERY_LIMIT.toNanos()) {
			ChaosStack.sleep(Duration.ofSeconds(1));
			outcome = checks.run();
		}
		Duration recovery = outcome.passed() ? Duration.ofNanos(System.nanoTime() - healed) : null;
		long healSeconds = Math.round((healed - healing) / 1e9);
		String duration = fault.duration().toSeconds() + " s"
				+ ((healSeconds >= 2) ? String.format(Locale.ROOT, " + %d s to restart", healSeconds) : "");
		if (!outcome.passed()) {
			System.out.println("Checks still failing after " + fault.name() + ": " + outcome.problems());
		}
		return ChaosReport.row(fault.name(), duration, client.calls(), from, to, fault.mayFail(), outcome.lost(),
				unanswered, recovery, outcome.problems());
	}

}

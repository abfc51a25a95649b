package com.pixelgram.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import com.pixelgram.e2e.ApiOperations.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code /v1} operation of the four services' OpenAPI documents, as the gateway
 * serves them, fed bad and edge input drawn by {@link BadInputs} from a seed: each
 * request is sent without a token and with a registered user's, and no answer may be a
 * 5xx, a 4xx with a body that is not {@code application/problem+json}, or slower than 10
 * seconds. Each request comes from a loopback address of its own, so that the gateway's
 * per-address limits on the auth routes do not turn the rest of the run into 429s.
 * <p>
 * The seed is {@value #DEFAULT_SEED} unless the system property {@value #SEED_PROPERTY}
 * names another. Each operation draws its requests from a random source of its own,
 * seeded from the run's seed and the operation's name, so a seed draws the same requests
 * for every operation (but for the IDs of the users each run registers). The run prints
 * its seed first; a failure names it, and each offence's operation, try and exact
 * request.
 */
@ExtendWith(PixelgramStack.class)
class OpenApiFuzzTest {

	static final String SEED_PROPERTY = "pixelgram.fuzz.seed";

	static final long DEFAULT_SEED = 15015015L;

	/** Requests drawn for each operation; each is sent with and without a token. */
	static final int TRIES = 180;

	/**
	 * Tries of each operation in a batch: a batch holds every operation, sent
	 * {@link #CONCURRENCY} at a time.
	 */
	static final int TRIES_PER_BATCH = 2;

	static final int MIN_REQUESTS = 10_000;

	static final int CONCURRENCY = 6;

	static final int USERS = 6;

	/** Offences listed in a failure's message. */
	static final int LISTED_OFFENCES = 60;

	/** Offences whose whole request is printed; the file has them all. */
	static final int PRINTED_OFFENCES = 20;

	@Test
	void noBadInputGetsA5xxANonProblem4xxOrASlowAnswer() throws Exception {
		long seed = seed();
		System.out.printf("Attack suite: seed %d (-D%s=%d draws the same requests again)%n", seed, SEED_PROPERTY, seed);
		Api api = new Api(PixelgramStack.gateway());
		RawHttp http = new RawHttp("127.0.0.1", PixelgramStack.GATEWAY_PORT);
		List<Operation> operations = new ArrayList<>();
		for (String service : List.of("user", "post", "feed", "notification")) {
			Api.Reply document = api.get("/v3/api-docs/" + service, null);
			assertThat(document.status()).as(document.toString()).isEqualTo(200);
			operations.addAll(ApiOperations.of(service + "-service", document.json()));
		}
		assertThat(operations).extracting(Operation::name)
			.contains("POST /v1/auth/register", "PUT /v1/users/{id}", "POST /v1/posts", "GET /v1/feed",
					"DELETE /v1/devices/{token}");
		// Several users, so that no user's hourly request budget is what answers.
		List<String> tokens = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			Journeys.Account account = Journeys.register(api, "fuzz");
			tokens.add(account.accessToken());
			ids.add(account.id());
		}
		ids.add("me");
		List<Attacked> attacked = operations.stream()
			.map((operation) -> new Attacked(BadInputs.forOperation(operation, ids), random(seed, operation)))
			.toList();

		try (FuzzRun run = new FuzzRun(seed, tokens, http, CONCURRENCY)) {
			long start = System.nanoTime();
			for (int first = 1; first <= TRIES; first += TRIES_PER_BATCH) {
				List<FuzzRun.Try> batch = new ArrayList<>();
				for (Attacked operation : attacked) {
					for (int number = first; number < first + TRIES_PER_BATCH && number <= TRIES; number++) {
						batch.add(new FuzzRun.Try(operation.requests().next(operation.random()), number));
					}
				}
				run.send(batch);
			}
			long seconds = (System.nanoTime() - start) / 1_000_000_000;

			System.out.printf("Attack suite: %d requests to %d operations in %d s (%d at a time), slowest %d ms: %s%n",
					run.requests(), operations.size(), seconds, CONCURRENCY, run.slowest().toMillis(),
					run.slowestRequest());
			System.out.println("Attack suite by status class: " + run.byStatusClass());
			run.byOperation().forEach((operation, counts) -> System.out.println("  " + operation + " " + counts));

			assertThat(run.byOperation().keySet()).as("every operation was attacked")
				.containsExactlyInAnyOrderElementsOf(
						operations.stream().map(Operation::name).collect(Collectors.toSet()));
			List<FuzzRun.Offence> offences = run.offences();
			Files.write(Path.of("target/attack-suite-offences.txt"),
					offences.stream().map(FuzzRun.Offence::details).toList());
			offences.stream()
				.limit(PRINTED_OFFENCES)
				.forEach((offence) -> System.out.println("Attack suite offence, " + offence.details()));
			assertThat(offences)
				.as("%d offending requests (seed %d: -D%s=%d draws them again; every request whole in "
						+ "target/attack-suite-offences.txt):%n%s", offences.size(), seed, SEED_PROPERTY, seed,
						offences.stream()
							.limit(LISTED_OFFENCES)
							.map(FuzzRun.Offence::summary)
							.collect(Collectors.joining("\n")))
				.isEmpty();
			assertThat(run.requests()).isGreaterThanOrEqualTo(MIN_REQUESTS);
		}
	}

	/** The run's seed: {@value #SEED_PROPERTY} if set, else {@value #DEFAULT_SEED}. */
	static long seed() {
		String seed = System.getProperty(SEED_PROPERTY, "").trim();
		return seed.isEmpty() ? DEFAULT_SEED : Long.parseLong(seed);
	}

	/**
	 * An operation's own random source, so that what it draws depends on the seed and its
	 * name only, not on the other operations or their order.
	 */
	static RandomGenerator random(long seed, Operation operation) {
		return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * operation.name().hashCode()));
	}

	private record Attacked(Gen<BadInputs.Case> requests, RandomGenerator random) {

	}

}

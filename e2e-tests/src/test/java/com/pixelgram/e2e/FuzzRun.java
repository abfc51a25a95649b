package com.pixelgram.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * One fuzzing run against the gateway: the seed its requests are drawn from, who it
 * attacks as, and every answer it got. {@link OpenApiFuzzTest} draws the requests from
 * {@link BadInputs} and hands them here a batch at a time.
 */
final class FuzzRun implements AutoCloseable {

	/** The longest any answer may take. */
	static final Duration MAX_LATENCY = Duration.ofSeconds(10);

	private final long seed;

	private final List<String> tokens;

	private final RawHttp http;

	private final ExecutorService pool;

	private final AtomicInteger nextToken = new AtomicInteger();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicReference<Slowest> slowest = new AtomicReference<>(new Slowest(0, "none"));

	private final Map<String, Map<String, LongAdder>> statuses = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Offence> offences = new ConcurrentLinkedQueue<>();

	FuzzRun(long seed, List<String> tokens, RawHttp http, int concurrency) {
		this.seed = seed;
		this.tokens = tokens;
		this.http = http;
		this.pool = Executors.newFixedThreadPool(concurrency);
	}

	long seed() {
		return this.seed;
	}

	/**
	 * Sends every request twice, without a token and with a registered user's, a few at a
	 * time, and records each answer.
	 * @param tries the requests and the tries that drew them
	 */
	void send(List<Try> tries) {
		List<Callable<Void>> calls = new ArrayList<>();
		for (Try attempt : tries) {
			calls.add(() -> exchange(attempt, null));
			calls.add(() -> exchange(attempt, this.tokens.get(this.nextToken.getAndIncrement() % this.tokens.size())));
		}
		try {
			for (Future<Void> call : this.pool.invokeAll(calls)) {
				call.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	private Void exchange(Try attempt, String token) {
		BadInputs.Case request = attempt.request();
		Map<String, String> headers = new LinkedHashMap<>(request.headers());
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		String who = (token != null) ? "user" : "anonymous";
		long start = System.nanoTime();
		String status;
		try {
			RawHttp.Response response = this.http.send(RawHttp.freshAddress(), request.method(), request.target(),
					headers, request.body());
			status = String.valueOf(response.status());
			judge(attempt, who, response);
		}
		catch (IOException ex) {
			status = "no answer";
			this.offences.add(new Offence(this.seed, attempt, who, "no answer: " + ex.getMessage()));
		}
		long elapsed = System.nanoTime() - start;
		Slowest timed = new Slowest(elapsed, attempt + " as " + who + " -> " + status);
		this.slowest.accumulateAndGet(timed, (a, b) -> (b.nanos() > a.nanos()) ? b : a);
		if (elapsed > MAX_LATENCY.toNanos()) {
			this.offences.add(new Offence(this.seed, attempt, who, status + " after " + Duration.ofNanos(elapsed)));
		}
		this.requests.incrementAndGet();
		this.statuses.computeIfAbsent(request.operation(), (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(status, (key) -> new LongAdder())
			.increment();
		return null;
	}

	private void judge(Try attempt, String who, RawHttp.Response response) {
		if (response.status() >= 500) {
			this.offences.add(new Offence(this.seed, attempt, who, response.toString()));
		}
		else if (response.status() >= 400 && response.body().length > 0 && !response.isProblem()) {
			this.offences.add(new Offence(this.seed, attempt, who, "not a problem: " + response));
		}
	}

	long requests() {
		return this.requests.get();
	}

	Duration slowest() {
		return Duration.ofNanos(this.slowest.get().nanos());
	}

	/** The slowest request and its answer. */
	String slowestRequest() {
		return this.slowest.get().request();
	}

	List<Offence> offences() {
		return List.copyOf(this.offences);
	}

	/** Answers by status class ({@code 2xx}, {@code 4xx}, ...) over every operation. */
	Map<String, Long> byStatusClass() {
		Map<String, Long> classes = new TreeMap<>();
		this.statuses.values()
			.forEach((counts) -> counts.forEach((status, count) -> classes.merge(
					status.chars().allMatch(Character::isDigit) ? status.charAt(0) + "xx" : status, count.sum(),
					Long::sum)));
		return classes;
	}

	/** Answers by status, per operation. */
	Map<String, Map<String, Long>> byOperation() {
		Map<String, Map<String, Long>> operations = new TreeMap<>();
		this.statuses.forEach((operation, counts) -> operations.put(operation, counts.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().sum(), Long::sum, TreeMap::new))));
		return operations;
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

	/**
	 * A generated request and the try of its operation that drew it.
	 *
	 * @param request the request
	 * @param number the try, from 1
	 */
	record Try(BadInputs.Case request, int number) {

		@Override
		public String toString() {
			return this.request.operation() + " try " + this.number + ": " + this.request;
		}

	}

	/**
	 * A request whose answer breaks the rules.
	 *
	 * @param seed the seed of the run that drew it
	 * @param attempt the request and its try
	 * @param who {@code anonymous} or {@code user}
	 * @param outcome what went wrong, with the answer if there was one
	 */
	record Offence(long seed, Try attempt, String who, String outcome) {

		/** One line: the operation, the try, the request abbreviated and the outcome. */
		String summary() {
			return this.attempt + " as " + this.who + " -> " + this.outcome;
		}

		/**
		 * The seed and the summary, then the exact request, indented, a token standing
		 * for the user's.
		 * @return several lines
		 */
		String details() {
			BadInputs.Case request = this.attempt.request();
			if (this.who.equals("user")) {
				Map<String, String> headers = new LinkedHashMap<>(request.headers());
				headers.put("Authorization", "Bearer <a registered user's access token>");
				request = new BadInputs.Case(request.operation(), request.method(), request.target(), headers,
						request.body(), request.label());
			}
			return "seed " + this.seed + ", " + summary() + "\n" + request.describe().indent(4).stripTrailing();
		}

	}

	private record Slowest(long nanos, String request) {

	}

}

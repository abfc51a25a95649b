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
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import com.pixelgram.e2e.ApiOperations.Operation;

/**
 * One fuzzing run against the gateway: what it attacks, who it attacks as, and every
 * answer it got. {@link OpenApiFuzzTest} sets it up; the jqwik property
 * {@link OpenApiFuzzProperties} generates the requests and hands them here.
 */
final class FuzzRun implements AutoCloseable {

	/** The longest any answer may take. */
	static final Duration MAX_LATENCY = Duration.ofSeconds(10);

	private static volatile FuzzRun current;

	private final List<Operation> operations;

	private final List<String> knownIds;

	private final List<String> tokens;

	private final RawHttp http;

	private final ExecutorService pool;

	private final AtomicInteger nextToken = new AtomicInteger();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong slowestNanos = new AtomicLong();

	private final Map<String, Map<String, LongAdder>> statuses = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> offences = new ConcurrentLinkedQueue<>();

	FuzzRun(List<Operation> operations, List<String> knownIds, List<String> tokens, RawHttp http, int concurrency) {
		this.operations = operations;
		this.knownIds = knownIds;
		this.tokens = tokens;
		this.http = http;
		this.pool = Executors.newFixedThreadPool(concurrency);
	}

	static FuzzRun current() {
		FuzzRun run = current;
		if (run == null) {
			throw new IllegalStateException("no fuzzing run: OpenApiFuzzTest starts one");
		}
		return run;
	}

	static void begin(FuzzRun run) {
		current = run;
	}

	List<Operation> operations() {
		return this.operations;
	}

	List<String> knownIds() {
		return this.knownIds;
	}

	/**
	 * Sends every case twice, without a token and with a registered user's, a few at a
	 * time, and records each answer.
	 * @param cases the requests
	 */
	void send(List<BadInputs.Case> cases) {
		List<Callable<Void>> calls = new ArrayList<>();
		for (BadInputs.Case request : cases) {
			calls.add(() -> exchange(request, null));
			calls.add(() -> exchange(request, this.tokens.get(this.nextToken.getAndIncrement() % this.tokens.size())));
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

	private Void exchange(BadInputs.Case request, String token) {
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
			judge(request, who, response);
		}
		catch (IOException ex) {
			status = "no answer";
			this.offences.add(request + " as " + who + " -> no answer: " + ex.getMessage());
		}
		long elapsed = System.nanoTime() - start;
		this.slowestNanos.accumulateAndGet(elapsed, Math::max);
		if (elapsed > MAX_LATENCY.toNanos()) {
			this.offences.add(request + " as " + who + " -> " + status + " after " + Duration.ofNanos(elapsed));
		}
		this.requests.incrementAndGet();
		this.statuses.computeIfAbsent(request.operation(), (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(status, (key) -> new LongAdder())
			.increment();
		return null;
	}

	private void judge(BadInputs.Case request, String who, RawHttp.Response response) {
		if (response.status() >= 500) {
			this.offences.add(request + " as " + who + " -> " + response);
		}
		else if (response.status() >= 400 && response.body().length > 0 && !response.isProblem()) {
			this.offences.add(request + " as " + who + " -> not a problem: " + response);
		}
	}

	long requests() {
		return this.requests.get();
	}

	Duration slowest() {
		return Duration.ofNanos(this.slowestNanos.get());
	}

	List<String> offences() {
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
		current = null;
	}

}

package com.pixelgram.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fresh a follower's feed is: a post made after the follower read the feed must be on
 * the follower's next page 1 soon after it is READY. Through the gateway, as an app sees
 * it: the follower reads page 1, the author uploads, then the post is polled until READY
 * while the follower's page 1 is polled until it holds the post. A sample is the time
 * from READY first seen to the post first seen on page 1.
 */
final class FreshnessBenchmark {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	/**
	 * The first user_id of an auth response is the account's own (its profile comes
	 * first).
	 */
	private static final Pattern USER_ID = Pattern.compile("\"user_id\"\\s*:\\s*\"(\\d+)\"");

	private static final Pattern STATUS = Pattern.compile("\"upload_status\"\\s*:\\s*\"([A-Z_]+)\"");

	private static final Duration POST_POLL = Duration.ofMillis(10);

	private static final Duration FEED_POLL = Duration.ofMillis(20);

	/** A sample not seen through by then is a failure. */
	private static final Duration GIVE_UP = Duration.ofSeconds(30);

	/** No single request may outlast a sample's budget by much. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** A failed sample: the post was never seen READY. */
	static final double NOT_READY = -1;

	/** A failed sample: the post was never seen on the follower's page 1. */
	static final double NOT_VISIBLE = -2;

	private FreshnessBenchmark() {
	}

	/** A logged-in account. */
	record Account(String username, long id, String token) {

	}

	/**
	 * {@code pairs} authors each followed by one follower, {@code samplesPerPair} posts
	 * per pair, the pairs in parallel. Once {@code maxFailures} samples have failed no
	 * new one starts: a feed that misses 30 s on every post would otherwise take half an
	 * hour to say so.
	 * @return the result line {@code feed_fresh}
	 */
	static String run(String gateway, String userService, String password, int pairs, int samplesPerPair,
			int maxFailures) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		List<Account> authors = new ArrayList<>();
		List<Account> followers = new ArrayList<>();
		for (int i = 1; i <= pairs; i++) {
			authors.add(account(http, userService, "fresh_author_" + i, password));
			followers.add(account(http, userService, "fresh_follower_" + i, password));
			follow(http, gateway, followers.get(i - 1), authors.get(i - 1).id());
		}
		byte[] photo = FeedBenchmark.photo();
		List<Double> millis = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger notReady = new AtomicInteger();
		AtomicInteger attempted = new AtomicInteger();
		AtomicLong pollErrors = new AtomicLong();
		ExecutorService pollers = Executors.newFixedThreadPool(pairs);
		ExecutorService pairThreads = Executors.newFixedThreadPool(pairs);
		long started = System.nanoTime();
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < pairs; i++) {
				Account author = authors.get(i);
				Account follower = followers.get(i);
				running.add(pairThreads.submit(() -> {
					for (int s = 0; s < samplesPerPair && failures.get() < maxFailures; s++) {
						attempted.incrementAndGet();
						double sample = sample(http, gateway, author, follower, photo, pollers, pollErrors);
						if (sample == NOT_READY) {
							notReady.incrementAndGet();
						}
						if (sample < 0) {
							failures.incrementAndGet();
						}
						else {
							millis.add(sample);
						}
					}
					return null;
				}));
			}
			for (Future<?> pair : running) {
				pair.get();
			}
		}
		finally {
			pairThreads.shutdownNow();
			pollers.shutdownNow();
		}
		System.out.printf("Freshness: %d samples, %d failed, in %.0f s%n", attempted.get(), failures.get(),
				(System.nanoTime() - started) / 1e9);
		return summary(millis, failures.get(), notReady.get(), attempted.get(), pairs * samplesPerPair,
				pollErrors.get());
	}

	/**
	 * The result line: percentiles of the samples (milliseconds), the failures and how
	 * many of them never got READY (the upload's fault, not the feed's), the samples
	 * attempted and planned (fewer attempted than planned: the run stopped on failures),
	 * and the polls answered with an error (they are retried).
	 */
	static String summary(List<Double> millis, int failures, int notReady, int attempted, int planned,
			long pollErrors) {
		return String.format(Locale.ROOT,
				"feed_fresh samples=%d p50=%s p95=%s p99=%s max=%s failures=%d not_ready=%d attempted=%d planned=%d "
						+ "poll_errors=%d",
				millis.size(), format(FeedBenchmark.percentile(millis, 50)),
				format(FeedBenchmark.percentile(millis, 95)), format(FeedBenchmark.percentile(millis, 99)),
				format(FeedBenchmark.percentile(millis, 100)), failures, notReady, attempted, planned, pollErrors);
	}

	/**
	 * A sample from the moments (nanoTime) READY and the post on page 1 were first seen:
	 * milliseconds, 0 when the feed showed the post first (the two polls do not run in
	 * step), {@link #NOT_READY} when READY was never seen, {@link #NOT_VISIBLE} when the
	 * post was never seen on page 1.
	 */
	static double sampleMillis(long ready, long visible) {
		if (ready < 0) {
			return NOT_READY;
		}
		if (visible < 0) {
			return NOT_VISIBLE;
		}
		return Math.max(0, visible - ready) / 1e6;
	}

	/**
	 * Whether a page of {@code GET /v1/feed} holds the post: its ID is a JSON string (the
	 * API's IDs are), spacing aside.
	 */
	static boolean pageHolds(String page, long postId) {
		return Pattern.compile("\"post_id\"\\s*:\\s*\"" + postId + "\"").matcher(page).find();
	}

	private static String format(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
	}

	/**
	 * One sample: milliseconds, or a failure ({@link #sampleMillis}'s negative values).
	 */
	private static double sample(HttpClient http, String gateway, Account author, Account follower, byte[] photo,
			ExecutorService pollers, AtomicLong pollErrors) throws Exception {
		// The read the post comes after: from here the follower's page 1 may be cached.
		get(http, gateway + "/v1/feed?limit=20", follower.token(), pollErrors);
		long postId;
		try {
			postId = FeedBenchmark.upload(http, gateway, author.token(), photo, "Freshness benchmark");
		}
		catch (IllegalStateException | IOException ex) {
			System.out.println("Freshness: " + ex.getMessage());
			return NOT_READY;
		}
		long deadline = System.nanoTime() + GIVE_UP.toNanos();
		Future<Long> visible = pollers.submit(() -> pollUntil(deadline, FEED_POLL, () -> {
			HttpResponse<String> page = get(http, gateway + "/v1/feed?limit=20", follower.token(), pollErrors);
			return page != null && pageHolds(page.body(), postId);
		}));
		long ready;
		try {
			ready = pollUntil(deadline, POST_POLL, () -> {
				HttpResponse<String> post = get(http, gateway + "/v1/posts/" + postId, author.token(), pollErrors);
				Matcher status = STATUS.matcher((post != null) ? post.body() : "");
				if (!status.find()) {
					return false;
				}
				if (status.group(1).equals("FAILED")) {
					throw new IllegalStateException("post " + postId + " FAILED: " + post.body());
				}
				return status.group(1).equals("READY");
			});
		}
		catch (IllegalStateException ex) {
			System.out.println("Freshness: " + ex.getMessage());
			visible.cancel(true);
			return NOT_READY;
		}
		long seen = visible.get();
		double sample = sampleMillis(ready, seen);
		if (sample < 0) {
			System.out.printf("Freshness: post %d of %s %s within %d s%n", postId, author.username(),
					(ready < 0) ? "not READY" : "not on page 1 of " + follower.username(), GIVE_UP.toSeconds());
		}
		return sample;
	}

	/** A check that calls the suite. */
	@FunctionalInterface
	interface Check {

		boolean passes() throws IOException, InterruptedException;

	}

	/**
	 * Runs the check every {@code every} (from the start of one call to the start of the
	 * next; a slow answer delays the next call, never bunches them) until it passes.
	 * @return the nanoTime when it passed, or -1 when the deadline came first
	 */
	static long pollUntil(long deadline, Duration every, Check check) throws IOException, InterruptedException {
		long next = System.nanoTime();
		while (System.nanoTime() - deadline < 0) {
			if (check.passes()) {
				return System.nanoTime();
			}
			next += every.toNanos();
			long wait = next - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			else {
				next = System.nanoTime();
			}
		}
		return -1;
	}

	/**
	 * Registers the account, or logs it in when it exists (a second run on the same
	 * data).
	 */
	private static Account account(HttpClient http, String userService, String username, String password)
			throws IOException, InterruptedException {
		HttpResponse<String> response = post(http, userService + "/v1/auth/register", null, "{\"username\":\""
				+ username + "\",\"email\":\"" + username + "@example.com\",\"password\":\"" + password + "\"}");
		if (response.statusCode() != 201) {
			response = post(http, userService + "/v1/auth/login", null,
					"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		}
		Matcher token = ACCESS_TOKEN.matcher(response.body());
		Matcher id = USER_ID.matcher(response.body());
		if (response.statusCode() / 100 != 2 || !token.find() || !id.find()) {
			throw new IllegalStateException(
					"no session for " + username + ": " + response.statusCode() + " " + response.body());
		}
		return new Account(username, Long.parseLong(id.group(1)), token.group(1));
	}

	private static void follow(HttpClient http, String gateway, Account follower, long followee)
			throws IOException, InterruptedException {
		HttpResponse<String> response = post(http, gateway + "/v1/users/" + followee + "/follow", follower.token(), "");
		if (response.statusCode() != 200) {
			throw new IllegalStateException(follower.username() + " could not follow " + followee + ": "
					+ response.statusCode() + " " + response.body());
		}
	}

	/**
	 * A GET whose failures (an error status, a timeout, a refused connection) are counted
	 * and answered with null: the poll goes on until its deadline.
	 */
	private static HttpResponse<String> get(HttpClient http, String url, String token, AtomicLong errors)
			throws InterruptedException {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(REQUEST_TIMEOUT)
				.header("Authorization", "Bearer " + token)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				return response;
			}
		}
		catch (IOException ex) {
			// counted below
		}
		errors.incrementAndGet();
		return null;
	}

	private static HttpResponse<String> post(HttpClient http, String url, String token, String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

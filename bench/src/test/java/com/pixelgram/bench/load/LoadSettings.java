package com.pixelgram.bench.load;

import java.time.Duration;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * What every simulation reads from system properties, as {@code bench/run} sets them: the
 * gateway, the seeded data's files and the load's shape (a fixed number of concurrent
 * users, for a fixed time).
 */
final class LoadSettings {

	private LoadSettings() {
	}

	static HttpProtocolBuilder protocol() {
		return http.baseUrl(System.getProperty("bench.gateway", "http://127.0.0.1:8380"))
			.acceptHeader("application/json")
			.userAgentHeader("pixelgram-bench (Gatling)")
			.shareConnections();
	}

	/**
	 * Closed model: {@code concurrency} users at all times, for {@code bench.duration}.
	 */
	static ClosedInjectionStep load(int defaultConcurrency) {
		int concurrency = Integer.getInteger("bench.concurrency", defaultConcurrency);
		Duration duration = Duration.parse("PT" + System.getProperty("bench.duration", "20s").toUpperCase());
		return constantConcurrentUsers(concurrency).during(duration);
	}

	/** A CSV feeder of a file that {@code bench/run} wrote (with a header line). */
	static FeederBuilder.Batchable<String> file(String property) {
		String path = System.getProperty(property);
		if (path == null) {
			throw new IllegalStateException("set -D" + property + " (bench/run does)");
		}
		return csv(path).random();
	}

}

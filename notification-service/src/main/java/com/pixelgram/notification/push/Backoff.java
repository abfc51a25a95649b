package com.pixelgram.notification.push;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Waits between the tries of a push. */
final class Backoff {

	private Backoff() {
	}

	/** Exponential: {@code initial · 2^(attempt-1)}, at most {@code max}. */
	static Duration of(Duration initial, Duration max, int attempt) {
		long millis = initial.toMillis() << Math.min(attempt - 1, 20);
		return Duration.ofMillis(Math.min(millis, max.toMillis()));
	}

	/** {@code Retry-After} in seconds or as an HTTP date, at most {@code max}. */
	static Optional<Duration> retryAfter(HttpResponse<?> response, Duration max) {
		return response.headers().firstValue("Retry-After").map(String::trim).flatMap((value) -> {
			try {
				return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
			}
			catch (NumberFormatException ex) {
				try {
					ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
					Duration wait = Duration.between(ZonedDateTime.now(date.getZone()), date);
					return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
				}
				catch (DateTimeParseException unparsable) {
					return Optional.empty();
				}
			}
		}).map((wait) -> (wait.compareTo(max) > 0) ? max : wait);
	}

	/** Waits between tries; a test records the waits instead. */
	@FunctionalInterface
	interface Sleeper {

		Sleeper REAL = (duration) -> Thread.sleep(duration.toMillis());

		void sleep(Duration duration) throws InterruptedException;

	}

}

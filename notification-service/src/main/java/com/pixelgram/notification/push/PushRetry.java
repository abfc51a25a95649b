package com.pixelgram.notification.push;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.github.resilience4j.retry.Retry;

/**
 * The tries of one push, counted by a Resilience4j {@link Retry}
 * ({@code pixelgram.resilience.retries.fcm} or {@code .apns}): it decides whether another
 * try is due and how long to wait before it (exponential), and publishes its metrics. A
 * {@code Retry-After} the provider sent wins over that wait, up to {@code maxWait}. The
 * waits go through a {@link Sleeper}, which a test replaces to record them.
 */
final class PushRetry {

	private final Retry retry;

	private final Duration maxWait;

	private final Sleeper sleeper;

	/**
	 * @param retry the provider's retry
	 * @param maxWait the longest wait, {@code Retry-After} included (the retry's
	 * {@code max-wait-duration})
	 * @param sleeper waits between tries
	 */
	PushRetry(Retry retry, Duration maxWait, Sleeper sleeper) {
		this.retry = retry;
		this.maxWait = maxWait;
		this.sleeper = sleeper;
	}

	/** The tries of one message. */
	Tries start() {
		return new Tries(this.retry.asyncContext());
	}

	/** {@code Retry-After} in seconds or as an HTTP date, at most {@code max}. */
	static Optional<Duration> retryAfter(PushReply reply, Duration max) {
		return Optional.ofNullable(reply.retryAfter()).map(String::trim).flatMap((value) -> {
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

	/** The tries of one message. */
	final class Tries {

		private final Retry.AsyncContext<Object> context;

		private Tries(Retry.AsyncContext<Object> context) {
			this.context = context;
		}

		/**
		 * After a try that failed to reach the provider: waits, and answers whether to
		 * try again ({@code false} once the tries are spent or the thread is
		 * interrupted).
		 */
		boolean again(Exception failure) {
			return pause(this.context.onError(failure), Optional.empty());
		}

		/**
		 * After a try the provider answered with 429 or 5xx: waits ({@code Retry-After}
		 * wins), and answers whether to try again.
		 */
		boolean again(PushReply reply) {
			return pause(this.context.onError(new UnavailableException(reply.status())),
					retryAfter(reply, PushRetry.this.maxWait));
		}

		/** The message was delivered. */
		void succeeded() {
			this.context.onComplete();
		}

		private boolean pause(long intervalMillis, Optional<Duration> retryAfter) {
			if (intervalMillis < 0) {
				return false;
			}
			try {
				PushRetry.this.sleeper.sleep(retryAfter.orElse(Duration.ofMillis(intervalMillis)));
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

	/** Waits between tries; a test records the waits instead. */
	@FunctionalInterface
	interface Sleeper {

		Sleeper REAL = (duration) -> Thread.sleep(duration.toMillis());

		void sleep(Duration duration) throws InterruptedException;

	}

	/** A provider's answer that asks for another try later (429, 5xx). */
	static final class UnavailableException extends RuntimeException {

		UnavailableException(int status) {
			super("HTTP " + status, null, false, false);
		}

	}

}

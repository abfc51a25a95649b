package com.pixelgram.post;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FuturesTest {

	@Test
	void theResultsKeepTheOrderOfTheFuturesWhateverOrderTheyEndIn() {
		CompletableFuture<String> first = new CompletableFuture<>();
		CompletableFuture<String> second = new CompletableFuture<>();
		CompletableFuture<String> third = new CompletableFuture<>();
		CompletableFuture.runAsync(() -> {
			third.complete("c");
			second.complete("b");
			first.complete("a");
		}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

		assertThat(Futures.all(List.of(first, second, third))).containsExactly("a", "b", "c");
		assertThat(Futures.all(List.<CompletableFuture<String>>of())).isEmpty();
	}

	@Test
	void throwsTheFirstFailureInOrderAsItWasThrownWithTheLaterOnesSuppressed() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException later = new IllegalArgumentException("later");
		CompletableFuture<String> ok = CompletableFuture.completedFuture("fine");
		// the later one fails before the first one does
		CompletableFuture<String> failsLater = CompletableFuture.failedFuture(later);
		CompletableFuture<String> failsFirst = CompletableFuture.supplyAsync(() -> {
			throw first;
		}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

		assertThatThrownBy(() -> Futures.all(List.of(ok, failsFirst, failsLater))).isSameAs(first)
			.hasNoCause()
			.satisfies((thrown) -> assertThat(thrown.getSuppressed()).containsExactly(later));
	}

	@Test
	void anErrorStaysOneAndACheckedExceptionComesInACompletionException() {
		OutOfMemoryError error = new OutOfMemoryError("heap");
		IOException checked = new IOException("disk");

		assertThatThrownBy(() -> Futures.all(List.of(CompletableFuture.failedFuture(error)))).isSameAs(error);
		assertThatThrownBy(() -> Futures.all(List.of(CompletableFuture.failedFuture(checked))))
			.isInstanceOf(CompletionException.class)
			.hasCause(checked);
	}

	@Test
	void aCancelledFutureIsAFailure() {
		CompletableFuture<String> cancelled = new CompletableFuture<>();
		cancelled.cancel(false);

		assertThatThrownBy(() -> Futures.all(List.of(CompletableFuture.completedFuture("fine"), cancelled)))
			.isInstanceOf(CancellationException.class);
	}

	@Test
	void theSameFailureOfTwoFuturesIsThrownOnce() {
		IllegalStateException failure = new IllegalStateException("shared");
		CompletableFuture<String> failed = CompletableFuture.failedFuture(failure);

		assertThatThrownBy(() -> Futures.all(List.of(failed, failed.thenApply((value) -> value + "!"))))
			.isSameAs(failure)
			.satisfies((thrown) -> assertThat(thrown.getSuppressed()).isEmpty());
	}

	@Test
	void waitsForEveryFutureBeforeThrowing() throws Exception {
		CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("first"));
		CompletableFuture<String> running = new CompletableFuture<>();
		CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(() -> {
			try {
				Futures.all(List.of(failed, running));
				return null;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});

		Thread.sleep(300);
		assertThat(thrown).isNotDone();
		IllegalArgumentException later = new IllegalArgumentException("later");
		running.completeExceptionally(later);

		assertThat(thrown.get(5, TimeUnit.SECONDS)).hasMessage("first")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).containsExactly(later));
	}

}

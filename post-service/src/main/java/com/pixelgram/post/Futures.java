package com.pixelgram.post;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for work started in parallel as if it had run on the caller's thread.
 */
public final class Futures {

	private Futures() {
	}

	/**
	 * The results of the futures, in their order, once every one has ended. When any
	 * failed, throws the first failure in that order, unwrapped (a runtime exception or
	 * an error as it was thrown, a checked exception in a {@link CompletionException}),
	 * with the later failures suppressed in it; no future is left running behind the
	 * throw.
	 */
	public static <T> List<T> all(List<CompletableFuture<T>> futures) {
		List<T> results = new ArrayList<>(futures.size());
		Throwable failure = null;
		for (CompletableFuture<T> future : futures) {
			try {
				results.add(future.join());
			}
			catch (CompletionException ex) {
				failure = add(failure, (ex.getCause() != null) ? ex.getCause() : ex);
			}
			catch (RuntimeException ex) {
				// cancelled
				failure = add(failure, ex);
			}
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure != null) {
			throw new CompletionException(failure);
		}
		return results;
	}

	private static Throwable add(Throwable first, Throwable next) {
		if (first == null) {
			return next;
		}
		if (next != first) {
			first.addSuppressed(next);
		}
		return first;
	}

}

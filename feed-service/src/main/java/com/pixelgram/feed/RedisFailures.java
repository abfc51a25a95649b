package com.pixelgram.feed;

import java.util.function.Predicate;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;

import org.springframework.dao.QueryTimeoutException;

/**
 * Tells a slow Redis from a missing one. A pipeline reports its failed commands only as
 * causes of a generic exception, so the whole cause chain is read.
 */
public final class RedisFailures {

	private RedisFailures() {
	}

	/** Whether a command timed out (the server is busy) rather than could not be sent. */
	public static boolean isTimeout(Throwable failure) {
		return anyCause(failure,
				(cause) -> cause instanceof QueryTimeoutException || cause instanceof RedisCommandTimeoutException);
	}

	/**
	 * Whether Redis did not know a script called by its SHA (it restarted, or was
	 * flushed).
	 */
	public static boolean isNoScript(Throwable failure) {
		return anyCause(failure, (cause) -> cause instanceof RedisNoScriptException
				|| (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")));
	}

	private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (test.test(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** The message of the innermost cause: a pipeline's own message says nothing. */
	public static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}

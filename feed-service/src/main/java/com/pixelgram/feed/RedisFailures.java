package com.pixelgram.feed;

import io.lettuce.core.RedisCommandTimeoutException;

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
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof QueryTimeoutException || cause instanceof RedisCommandTimeoutException) {
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

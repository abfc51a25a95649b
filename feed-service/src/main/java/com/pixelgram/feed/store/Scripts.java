package com.pixelgram.feed.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisFailures;

import org.springframework.data.redis.connection.RedisPipelineException;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Lua scripts called by SHA from pipelines. A pipeline cannot fall back to EVAL per
 * command as the template does for a single call, so a batch that finds the script
 * missing (Redis restarted, or its script cache was flushed) loads it and runs again: the
 * scripts' calls are idempotent.
 */
final class Scripts {

	private Scripts() {
	}

	/** The script at a class-path location. */
	static Script load(String location) {
		try (InputStream in = Scripts.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException("No script at " + location);
			}
			return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Queues the command of one item, which calls the script by its SHA. */
	@FunctionalInterface
	interface Call<T> {

		void queue(StringRedisConnection connection, String sha, T item);

	}

	/**
	 * A script's text and SHA-1.
	 *
	 * @param text the Lua source
	 * @param sha its SHA-1, as EVALSHA names it
	 */
	record Script(String text, String sha) {

		Script(String text) {
			this(text, sha1(text));
		}

		/**
		 * The calls of each item, in round trips as {@link Pipelines#runEach}; their
		 * replies, in order.
		 */
		<T> List<Object> runEach(StringRedisTemplate redis, Collection<T> items, Call<T> call) {
			BiConsumer<StringRedisConnection, T> calls = (connection, item) -> call.queue(connection, this.sha, item);
			try {
				return Pipelines.runEach(redis, items, calls);
			}
			catch (RedisPipelineException ex) {
				if (!isNoScript(ex)) {
					throw ex;
				}
				redis.execute((RedisCallback<String>) (connection) -> connection.scriptingCommands()
					.scriptLoad(this.text.getBytes(StandardCharsets.UTF_8)));
				return Pipelines.runEach(redis, items, calls);
			}
		}

		private static boolean isNoScript(RedisPipelineException failure) {
			for (Object reply : failure.getPipelineResult()) {
				if (reply instanceof Throwable thrown && RedisFailures.isNoScript(thrown)) {
					return true;
				}
			}
			return RedisFailures.isNoScript(failure);
		}

		private static String sha1(String text) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}

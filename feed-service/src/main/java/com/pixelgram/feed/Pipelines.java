package com.pixelgram.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sends a batch of commands in one round trip (Lettuce pipelining). Each command touches
 * one key, so on Redis Cluster the batch splits per node without any change here.
 */
public final class Pipelines {

	/**
	 * Items per round trip of {@link #runEach}. Lettuce times each command from when it
	 * is written, so one pipeline of thousands of commands can time out on its last
	 * replies when Redis is busy, and fail the same way on every retry; a few hundred
	 * commands per round trip keep the gain of pipelining without that cliff.
	 */
	static final int ITEMS_PER_ROUND_TRIP = 128;

	private Pipelines() {
	}

	/**
	 * The commands of each item, in round trips of {@link #ITEMS_PER_ROUND_TRIP} items;
	 * the replies of all of them, in order.
	 */
	public static <T> List<Object> runEach(StringRedisTemplate redis, Collection<T> items,
			BiConsumer<StringRedisConnection, T> commands) {
		List<T> all = List.copyOf(items);
		List<Object> replies = new ArrayList<>();
		for (int from = 0; from < all.size(); from += ITEMS_PER_ROUND_TRIP) {
			List<T> batch = all.subList(from, Math.min(all.size(), from + ITEMS_PER_ROUND_TRIP));
			replies.addAll(run(redis, (connection) -> batch.forEach((item) -> commands.accept(connection, item))));
		}
		return replies;
	}

	/** The replies of the commands, in order. */
	public static List<Object> run(StringRedisTemplate redis, Consumer<StringRedisConnection> commands) {
		return redis.executePipelined((RedisCallback<Object>) (connection) -> {
			// The replies come back through the template's closePipeline and its
			// serializers; the string view only encodes the arguments.
			commands.accept(new DefaultStringRedisConnection(connection));
			return null;
		});
	}

	/** The numeric reply of a command ({@code null} counts as absent). */
	public static Long asLong(Object reply) {
		if (reply instanceof Number number) {
			return number.longValue();
		}
		if (reply instanceof String text && !text.isEmpty()) {
			return Long.valueOf(text);
		}
		return null;
	}

	/** Whether an EXISTS reply said yes. */
	public static boolean exists(Object reply) {
		if (reply instanceof Boolean flag) {
			return flag;
		}
		Long count = asLong(reply);
		return count != null && count > 0;
	}

}

package com.pixelgram.feed;

import java.util.List;
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

	private Pipelines() {
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

package com.pixelgram.feed.support;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Deletes a test class's keys from the shared Redis when the JVM exits (after every
 * context using them is gone), so that test runs do not pile keys up on a developer's
 * server.
 */
public final class RedisCleanup {

	private RedisCleanup() {
	}

	public static void atExit(String redisUrl, String keyPrefix) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(redisUrl, keyPrefix), "feed-test-redis-cleanup"));
	}

	private static void delete(String redisUrl, String keyPrefix) {
		RedisClient client = RedisClient.create(redisUrl);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			ScanArgs match = ScanArgs.Builder.matches(keyPrefix + "*").limit(1000);
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = commands.scan(cursor, match);
				if (!page.getKeys().isEmpty()) {
					commands.unlink(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		catch (RuntimeException ex) {
			// The server may be gone already; nothing to clean then.
		}
		finally {
			client.shutdown();
		}
	}

}

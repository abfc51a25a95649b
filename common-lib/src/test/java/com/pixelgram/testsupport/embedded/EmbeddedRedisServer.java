package com.pixelgram.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import redis.embedded.RedisServer;

/**
 * A Redis 6.2 server run from the binary shipped by embedded-redis, for tests and
 * dev-stack; it keeps nothing on disk.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

	private final RedisServer server;

	private final int port;

	private EmbeddedRedisServer(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server on 127.0.0.1.
	 * @param port the port, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedRedisServer start(int port) {
		int actualPort = FreePorts.resolve(port);
		try {
			// Feeds and caches are rebuilt from the services, so snapshots would only
			// litter the temporary directory the binary runs in.
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(actualPort)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			return new EmbeddedRedisServer(server, actualPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded Redis did not start on port " + actualPort, ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * Makes the server hang, as a stuck Redis does: for the duration every client's
	 * commands wait unanswered ({@code CLIENT PAUSE <ms> ALL}), their connections open.
	 * @param duration how long it hangs
	 */
	public void hang(Duration duration) {
		RedisClient admin = RedisClient.create(url());
		try (StatefulRedisConnection<String, String> connection = admin.connect()) {
			connection.sync().clientPause(duration.toMillis());
		}
		finally {
			admin.shutdown();
		}
	}

	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded Redis did not stop cleanly", ex);
		}
	}

}

package com.pixelgram.testsupport;

import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.testsupport.embedded.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis server of the tests: {@code PIXELGRAM_TEST_REDIS_URL} when set, else a
 * Testcontainers one when a Docker engine runs, else an embedded one. Test classes share
 * the server and keep apart by key prefix.
 */
public final class TestRedis {

	private static final String URL = locate();

	private TestRedis() {
	}

	/** The server's URL, {@code redis://host:port}. */
	public static String url() {
		return URL;
	}

	/**
	 * A started connection factory to the server, for tests that build their beans by
	 * hand; {@code destroy()} it afterwards.
	 */
	public static LettuceConnectionFactory connectionFactory() {
		RedisURI uri = RedisURI.create(URL);
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
		connections.afterPropertiesSet();
		connections.start();
		return connections;
	}

	/** A key prefix no other test class uses. */
	public static String uniquePrefix(String hint) {
		return "t:" + hint + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + ":";
	}

	@SuppressWarnings("resource")
	private static String locate() {
		String url = System.getenv("PIXELGRAM_TEST_REDIS_URL");
		if (url != null && !url.isBlank()) {
			return url;
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
		}
		EmbeddedRedisServer embedded = EmbeddedRedisServer.start(0);
		Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-redis-stop"));
		return embedded.url();
	}

}

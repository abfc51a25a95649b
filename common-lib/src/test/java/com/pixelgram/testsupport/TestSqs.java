package com.pixelgram.testsupport;

import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.testsupport.embedded.EmbeddedSqsServer;

/**
 * The SQS server of the tests: an embedded ElasticMQ shared by the JVM, with a queue-name
 * prefix per test class. A test that stops the server starts one of its own instead.
 */
public final class TestSqs {

	private static final EmbeddedSqsServer SHARED = startShared();

	private TestSqs() {
	}

	/** The shared server's endpoint, {@code http://127.0.0.1:port}. */
	public static String endpoint() {
		return SHARED.endpoint();
	}

	/** A queue-name prefix no other test class uses. */
	public static String uniqueQueuePrefix(String hint) {
		return "t-" + hint.replaceAll("[^A-Za-z0-9-]", "-") + "-"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-";
	}

	private static EmbeddedSqsServer startShared() {
		EmbeddedSqsServer server = EmbeddedSqsServer.start(0);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-sqs-stop"));
		return server;
	}

}

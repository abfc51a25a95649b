package com.pixelgram.testsupport.embedded;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * An in-memory SQS (ElasticMQ) speaking the SQS REST protocol, JSON and query, for tests
 * and dev-stack.
 */
public final class EmbeddedSqsServer implements AutoCloseable {

	private final SQSRestServer server;

	private final int port;

	private boolean stopped;

	private EmbeddedSqsServer(SQSRestServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server on 127.0.0.1 and waits until it accepts requests.
	 * @param port the port, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedSqsServer start(int port) {
		int actualPort = FreePorts.resolve(port);
		// The server address is what queue URLs are built from, so it must name the real
		// port; the region makes queue ARNs look like AWS ones (redrive policies).
		SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
			.withPort(actualPort)
			.withServerAddress(new NodeAddress("http", "127.0.0.1", actualPort, ""))
			.withAWSRegion("us-east-1")
			.start();
		try {
			server.waitUntilStarted();
		}
		catch (RuntimeException ex) {
			server.stopAndWait();
			throw new IllegalStateException("ElasticMQ did not start on port " + actualPort, ex);
		}
		return new EmbeddedSqsServer(server, actualPort);
	}

	public int port() {
		return this.port;
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Stops the server and its actor system and frees the port, so that a server can be
	 * started on it again.
	 */
	@Override
	public synchronized void close() {
		if (!this.stopped) {
			this.stopped = true;
			this.server.stopAndWait();
		}
	}

}

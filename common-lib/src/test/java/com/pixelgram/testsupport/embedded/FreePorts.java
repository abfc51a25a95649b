package com.pixelgram.testsupport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Chooses a free TCP port for servers that cannot bind port 0 themselves.
 */
final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Returns {@code port} unchanged, or a port that is free right now when it is 0.
	 * @param port a fixed port, or 0 for any free one
	 * @return the port to use
	 */
	static int resolve(int port) {
		if (port != 0) {
			return port;
		}
		// Redis reads port 0 as "no TCP" and ElasticMQ and S3Proxy must know the port
		// before they bind it (queue URLs, endpoint), so pick one now and accept the
		// tiny window in which another process could take it.
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free TCP port", ex);
		}
	}

}

package com.pixelgram.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * Finds the ports that dev-stack needs but something else already holds, before anything
 * is started.
 */
final class PortCheck {

	private static final int CONNECT_TIMEOUT_MILLIS = 200;

	private PortCheck() {
	}

	/**
	 * One line per busy port, naming what needs it.
	 * @param ports the ports to check
	 * @return the complaints, empty when every port is free
	 */
	static List<String> busy(List<NamedPort> ports) {
		return ports.stream()
			.filter((port) -> !isFree(port.port()))
			.map((port) -> "Port " + port.port() + " (needed by " + port.owner() + ") is already in use")
			.toList();
	}

	static boolean isFree(int port) {
		// Binding the wildcard address catches listeners on any interface; connecting
		// catches the ones a dual-stack bind might not conflict with.
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(port));
		}
		catch (IOException ex) {
			return false;
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * A port and what needs it.
	 *
	 * @param port the TCP port
	 * @param owner what needs it, as the user should read it
	 */
	record NamedPort(int port, String owner) {

	}

}

package com.pixelgram.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.pixelgram.devstack.PortCheck.NamedPort;

import static org.assertj.core.api.Assertions.assertThat;

class PortCheckTest {

	@Test
	void namesTheBusyPortAndWhatNeedsIt() throws IOException {
		try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = occupant.getLocalPort();

			List<String> busy = PortCheck.busy(List.of(new NamedPort(port, "user-service")));

			assertThat(busy).containsExactly("Port " + port + " (needed by user-service) is already in use");
		}
	}

	@Test
	void reportsABusyPortWhicheverInterfaceHoldsIt() throws IOException {
		try (ServerSocket occupant = new ServerSocket(0)) {
			assertThat(PortCheck.busy(List.of(new NamedPort(occupant.getLocalPort(), "Postgres")))).singleElement()
				.asString()
				.contains("Postgres");
		}
	}

	@Test
	void saysNothingAboutAFreePort() throws IOException {
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}

		assertThat(PortCheck.busy(List.of(new NamedPort(port, "Redis")))).isEmpty();
	}

}

package com.pixelgram.testsupport;

import com.pixelgram.testsupport.embedded.EmbeddedMailServer;

/**
 * The mail server of the tests: an embedded GreenMail (SMTP and IMAP) shared by the JVM.
 * Tests tell their mail apart by recipient, each test using addresses of its own.
 */
public final class TestMail {

	private static final EmbeddedMailServer SHARED = startShared();

	private TestMail() {
	}

	/** The shared server. */
	public static EmbeddedMailServer server() {
		return SHARED;
	}

	private static EmbeddedMailServer startShared() {
		EmbeddedMailServer server = EmbeddedMailServer.start(0, 0);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-mail-stop"));
		return server;
	}

}

package com.pixelgram.gateway.support;

/** The stand-ins for the four services, shared by every test in the JVM. */
public final class Downstreams {

	public static final StubService USER = StubService.start("user-service");

	public static final StubService POST = StubService.start("post-service");

	public static final StubService FEED = StubService.start("feed-service");

	public static final StubService NOTIFICATION = StubService.start("notification-service");

	private Downstreams() {
	}

}

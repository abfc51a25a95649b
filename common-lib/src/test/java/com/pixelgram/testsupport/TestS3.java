package com.pixelgram.testsupport;

import java.util.concurrent.ThreadLocalRandom;

import com.pixelgram.testsupport.embedded.EmbeddedS3Server;

/**
 * The S3 server of the tests: an embedded S3Proxy shared by the JVM, a bucket per test
 * class.
 */
public final class TestS3 {

	/**
	 * The key prefix read anonymously, as through a CDN: post-service's renditions. The
	 * rest of a bucket (originals) needs credentials.
	 */
	public static final String PUBLIC_PREFIX = "r/";

	private static final EmbeddedS3Server SHARED = startShared();

	private TestS3() {
	}

	public static EmbeddedS3Server server() {
		return SHARED;
	}

	/** Creates a bucket no other test class uses and returns its name. */
	public static String createBucket(String hint) {
		String bucket = ("t-" + hint.replaceAll("[^A-Za-z0-9-]", "-") + "-"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL))
			.toLowerCase();
		SHARED.createBucketIfMissing(bucket);
		return bucket;
	}

	private static EmbeddedS3Server startShared() {
		EmbeddedS3Server server = EmbeddedS3Server.start(0, null, PUBLIC_PREFIX);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-s3-stop"));
		return server;
	}

}

package com.pixelgram.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A token of calls between services, compared without leaking timing. */
final class InternalToken {

	static final String HEADER = "X-Internal-Token";

	private final byte[] expectedDigest;

	InternalToken(String secret) {
		this.expectedDigest = (secret != null && !secret.isBlank()) ? digest(secret) : null;
	}

	/**
	 * Whether the presented value is the secret; always false when none is configured.
	 */
	boolean matches(String presented) {
		if (this.expectedDigest == null || presented == null) {
			return false;
		}
		// Equal-length digests: the comparison's time says nothing about the secret.
		return MessageDigest.isEqual(this.expectedDigest, digest(presented));
	}

	private static byte[] digest(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

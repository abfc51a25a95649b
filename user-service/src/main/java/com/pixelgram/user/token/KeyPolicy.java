package com.pixelgram.user.token;

import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;

import org.springframework.core.env.Environment;

/**
 * Which signing keys this deployment may use. Outside the {@code local} profile a key
 * must be configured (from a Secret, a file) and must not be one that was ever published:
 * whoever holds a published key can sign a token for any user, and a key the service
 * generates itself is kept in the database in clear.
 */
final class KeyPolicy {

	/** The profile of a developer's machine, dev-stack and tests. */
	static final String LOCAL_PROFILE = "local";

	/**
	 * RFC 7638 thumbprints of keys whose private half was committed to the repository:
	 * the sample key of docker-compose's {@code .env}, before compose generated its own.
	 */
	private static final Set<String> PUBLISHED = Set.of("0VoX1k6GD_gxQOnYHv7z320ji_5ZzlDCycUyEuEjzAg");

	private final boolean local;

	KeyPolicy(Environment environment) {
		this.local = environment.matchesProfiles(LOCAL_PROFILE);
	}

	/** Refuses to generate and store a key in clear, unless local. */
	void checkGeneratedKeyAllowed() {
		if (!this.local) {
			throw new IllegalStateException("No signing key is configured (pixelgram.users.tokens.keys). "
					+ "Without one the service would generate a key and keep it in its database in clear, "
					+ "which only the '" + LOCAL_PROFILE + "' profile allows: configure a key from a Secret "
					+ "(private-key or private-key-file), or run with --spring.profiles.active=" + LOCAL_PROFILE);
		}
	}

	/** Refuses a key whose private half is public, unless local. */
	void checkConfigured(List<ECKey> keys) {
		for (ECKey key : keys) {
			if (isPublished(key) && !this.local) {
				throw new IllegalStateException("Signing key " + key.getKeyID()
						+ " is a sample key published in the repository: anyone can sign tokens with it. "
						+ "Generate your own (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256); "
						+ "the sample key is only accepted under the '" + LOCAL_PROFILE + "' profile");
			}
		}
	}

	static boolean isPublished(ECKey key) {
		try {
			return PUBLISHED.contains(key.computeThumbprint().toString());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot compute the thumbprint of signing key " + key.getKeyID(), ex);
		}
	}

}

package com.pixelgram.gateway.ratelimit;

/**
 * Whether a request fits its quotas, and if not which rule refused it and for how long.
 */
record Verdict(String rejectedBy, long retryAfterSeconds) {

	static final Verdict ALLOWED = new Verdict(null, 0);

	boolean allowed() {
		return this.rejectedBy == null;
	}

}

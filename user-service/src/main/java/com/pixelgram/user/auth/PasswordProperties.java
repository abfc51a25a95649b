package com.pixelgram.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bulkhead around password hashing: each Argon2 hash holds
 * {@value PasswordConfiguration#MEMORY_KIB} KiB of heap while it runs, so a burst of
 * registrations or logins must not run unbounded at once.
 *
 * @param maxConcurrentHashes hashes and verifications that may run at once; 0 derives it
 * from the heap ({@code heapShare} of the maximum heap over the memory one hash needs)
 * @param heapShare the share of the maximum heap that hashing may hold when the limit is
 * derived
 * @param maxWait how long a request waits for a free slot before it is refused with 503
 * @param retryAfter the {@code Retry-After} of that 503
 */
@ConfigurationProperties("pixelgram.users.passwords")
record PasswordProperties(@DefaultValue("0") int maxConcurrentHashes, @DefaultValue("0.25") double heapShare,
		@DefaultValue("2s") Duration maxWait, @DefaultValue("1s") Duration retryAfter) {

	/** The limit: the configured one, or the one the heap allows, at least one. */
	int concurrentHashes(long maxHeapBytes) {
		if (this.maxConcurrentHashes > 0) {
			return this.maxConcurrentHashes;
		}
		long perHash = PasswordConfiguration.MEMORY_KIB * 1024L;
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxHeapBytes * this.heapShare) / perHash));
	}

}

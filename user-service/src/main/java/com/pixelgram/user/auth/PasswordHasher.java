package com.pixelgram.user.auth;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.pixelgram.user.account.AccountRules;
import com.pixelgram.web.ApiException;
import com.pixelgram.web.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and verifies passwords through a bulkhead ({@link PasswordProperties}): at most
 * so many Argon2 runs at once, a request waits a bounded time for a slot and is then
 * refused with 503 and {@code Retry-After}, so a burst of logins can neither exhaust the
 * heap nor queue without end.
 */
@Component
class PasswordHasher {

	private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

	/** The rule the requests check a password with: no lone surrogate. */
	private static final Pattern WELL_FORMED = Pattern.compile(AccountRules.WELL_FORMED);

	private final PasswordEncoder encoder;

	private final PasswordProperties properties;

	private final Semaphore slots;

	private final int capacity;

	private final Counter rejected;

	PasswordHasher(PasswordEncoder encoder, PasswordProperties properties, MeterRegistry registry) {
		this.encoder = encoder;
		this.properties = properties;
		this.capacity = properties.concurrentHashes(Runtime.getRuntime().maxMemory());
		this.slots = new Semaphore(this.capacity, true);
		this.rejected = Counter.builder("pixelgram.passwords.rejected")
			.description("Password hashes refused because every slot stayed busy")
			.register(registry);
		Gauge.builder("pixelgram.passwords.busy", this.slots, (slots) -> this.capacity - slots.availablePermits())
			.description("Password hashes running")
			.register(registry);
		log.info("At most {} password hashes run at once", this.capacity);
	}

	String encode(CharSequence password) {
		return guarded(() -> this.encoder.encode(password));
	}

	/**
	 * Whether the password is the one of the hash. Text with a lone UTF-16 surrogate has
	 * no UTF-8 form, which the hash needs, so it matches no hash: the requests refuse
	 * such text as invalid, and a request that did not would get a wrong password, not a
	 * 500.
	 */
	boolean matches(CharSequence password, String hash) {
		if (!WELL_FORMED.matcher(password).matches()) {
			return false;
		}
		return guarded(() -> this.encoder.matches(password, hash));
	}

	int capacity() {
		return this.capacity;
	}

	private <T> T guarded(Supplier<T> work) {
		boolean acquired;
		try {
			acquired = this.slots.tryAcquire(this.properties.maxWait().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			this.rejected.increment();
			throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
					"Too many logins and registrations at once; try again in a moment.")
				.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.properties.retryAfter().toSeconds())));
		}
		try {
			return work.get();
		}
		finally {
			this.slots.release();
		}
	}

}

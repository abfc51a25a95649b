package com.pixelgram.user.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.pixelgram.user.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The accounts whose access tokens must stop working before they expire: suspended and
 * deleted ones. An access token is a JWT every service verifies alone, so it cannot be
 * revoked where it is checked; instead user-service lists the account in Redis, in a
 * sorted set ({@code {revoked-access}}: {@code suspended:<id>} or {@code deleted:<id>},
 * scored with the epoch millisecond after which no token issued before the change is
 * valid any more), and bumps a version beside it. Each gateway reads the version once a
 * second, reads the set again when it moved, and refuses the listed accounts' tokens from
 * memory (decision 0014). Entries past their time are pruned by the next write.
 *
 * <p>
 * It is written twice: at once after the change committed, so that the gateways hear of
 * it within a second, and again when the change's event (from the outbox, in the change's
 * transaction) comes back to user-service ({@link RevocationEvents}), which retries until
 * Redis takes it. A failure of the first write is logged and counted
 * ({@code pixelgram.users.access-revocations.failures}); the change stands without it
 * meanwhile (logins and refreshes already fail, every read of the account already treats
 * it as gone).
 */
@Component
public class AccessRevocations {

	private static final Logger log = LoggerFactory.getLogger(AccessRevocations.class);

	/**
	 * How much longer than a token's lifetime an entry lives: the gateway's clock skew
	 * allowance for {@code exp} (30 s), and clocks that differ.
	 */
	private static final Duration MARGIN = Duration.ofMinutes(1);

	private static final RedisScript<Long> REVOKE = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			return redis.call('INCR', KEYS[2])
			""", Long.class);

	private static final RedisScript<Long> LIFT = RedisScript.of("""
			if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
			  return 0
			end
			return redis.call('INCR', KEYS[2])
			""", Long.class);

	private final StringRedisTemplate redis;

	private final List<String> keys;

	private final Duration lifetime;

	private final Counter failures;

	AccessRevocations(StringRedisTemplate redis, RedisKeys keys, TokenProperties properties, MeterRegistry meters) {
		this.redis = redis;
		String set = keys.key("{revoked-access}");
		this.keys = List.of(set, set + ":version");
		this.lifetime = properties.accessTokenTtl().plus(MARGIN);
		this.failures = Counter.builder("pixelgram.users.access-revocations.failures")
			.description("Suspensions, reinstatements and deletions the gateways could not be told of through Redis")
			.register(meters);
	}

	/** The account was suspended at {@code at}: the gateways refuse its access tokens. */
	public void suspended(long userId, Instant at) {
		try {
			revokeSuspended(userId, at);
		}
		catch (RuntimeException ex) {
			// its tokens work until its event comes back, or until they expire
			failed("the suspension of " + userId, ex);
		}
	}

	/** The account was deleted at {@code at}: the gateways refuse its access tokens. */
	public void deleted(long userId, Instant at) {
		try {
			revokeDeleted(userId, at);
		}
		catch (RuntimeException ex) {
			failed("the deletion of " + userId, ex);
		}
	}

	/** The account's suspension was lifted: its access tokens work again. */
	public void reinstated(long userId) {
		try {
			lift(userId);
		}
		catch (RuntimeException ex) {
			// its tokens, new ones too, stay refused until its event comes back
			failed("the reinstatement of " + userId, ex);
		}
	}

	/** Lists a suspended account; throws when Redis fails. */
	void revokeSuspended(long userId, Instant at) {
		revoke("suspended:" + userId, at);
	}

	/** Lists a deleted account; throws when Redis fails. */
	void revokeDeleted(long userId, Instant at) {
		revoke("deleted:" + userId, at);
	}

	/** Takes a reinstated account off the list; throws when Redis fails. */
	void lift(long userId) {
		this.redis.execute(LIFT, this.keys, "suspended:" + userId);
	}

	private void revoke(String member, Instant at) {
		long now = System.currentTimeMillis();
		long until = at.plus(this.lifetime).toEpochMilli();
		if (until <= now) {
			// every token issued before the change has expired
			return;
		}
		this.redis.execute(REVOKE, this.keys, member, Long.toString(until), Long.toString(now));
	}

	private void failed(String change, RuntimeException ex) {
		this.failures.increment();
		log.error("Could not tell the gateways of {} through Redis: {}", change, ex.getMessage());
	}

}

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
 * The access tokens that must stop working before they expire: every token of a suspended
 * or deleted account, and the tokens an account's owner signed out of everywhere (a
 * password change or reset, the undo of an email change). An access token is a JWT every
 * service verifies alone, so it cannot be revoked where it is checked; instead
 * user-service lists the account in Redis, in a sorted set ({@code {revoked-access}}:
 * {@code suspended:<id>}, {@code deleted:<id>} or
 * {@code signed-out:<id>:<cut-off epoch second>}, scored with the epoch millisecond after
 * which no token issued before the change is valid any more), and bumps a version beside
 * it. Each gateway reads the version once a second, reads the set again when it moved,
 * and refuses from memory the tokens of suspended and deleted accounts, and those of a
 * signed-out account issued ({@code iat}, whole seconds) before its cut-off (decision
 * 0014). Entries past their time are pruned by the next write.
 * <p>
 * A sign-out's cut-off is the second its sessions ended in, rounded down, so that the
 * token a password change hands back and every login after the sign-out pass; a token
 * issued earlier in that same second passes too. An account has one sign-out entry, the
 * latest cut-off: a hash beside the set ({@code {revoked-access}:signed-out}, account to
 * cut-off) finds the earlier entry to replace, and is pruned with the set.
 * <p>
 * A suspension or deletion is written twice: at once after the change committed, so that
 * the gateways hear of it within a second, and again when the change's event (from the
 * outbox, in the change's transaction) comes back to user-service
 * ({@link RevocationEvents}), which retries until Redis takes it. A sign-out publishes no
 * event and is written once, after its commit. A failure of the write after the commit is
 * logged and counted ({@code pixelgram.users.access-revocations.failures}); the change
 * stands without it (logins and refreshes already fail, every read of the account already
 * treats it as gone, a signed-out account's refresh tokens are revoked), and for a
 * sign-out the old access tokens then work until they expire.
 */
@Component
public class AccessRevocations {

	private static final Logger log = LoggerFactory.getLogger(AccessRevocations.class);

	/**
	 * How much longer than a token's lifetime an entry lives: the gateway's clock skew
	 * allowance for {@code exp} (30 s), and clocks that differ.
	 */
	private static final Duration MARGIN = Duration.ofMinutes(1);

	/**
	 * Removes the entries past their time ({@code ARGV[3]} is now), and the sign-out
	 * cut-offs they were.
	 */
	private static final String PRUNE = """
			for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])) do
			  local account, cutOff = string.match(member, '^signed%-out:(%d+):(%d+)$')
			  if account and redis.call('HGET', KEYS[3], account) == cutOff then
			    redis.call('HDEL', KEYS[3], account)
			  end
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
			""";

	private static final RedisScript<Long> REVOKE = RedisScript.of(PRUNE + """
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			return redis.call('INCR', KEYS[2])
			""", Long.class);

	/**
	 * Lists a sign-out ({@code ARGV[1]} the account, {@code ARGV[4]} the cut-off) unless
	 * one as late is listed, replacing an earlier one.
	 */
	private static final RedisScript<Long> SIGN_OUT = RedisScript.of(PRUNE + """
			local previous = redis.call('HGET', KEYS[3], ARGV[1])
			if previous then
			  if tonumber(previous) >= tonumber(ARGV[4]) then
			    return 0
			  end
			  redis.call('ZREM', KEYS[1], 'signed-out:' .. ARGV[1] .. ':' .. previous)
			end
			redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
			redis.call('ZADD', KEYS[1], ARGV[2], 'signed-out:' .. ARGV[1] .. ':' .. ARGV[4])
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
		this.keys = List.of(set, set + ":version", set + ":signed-out");
		this.lifetime = properties.accessTokenTtl().plus(MARGIN);
		this.failures = Counter.builder("pixelgram.users.access-revocations.failures")
			.description("Suspensions, reinstatements, deletions and sign-outs the gateways could not be told of "
					+ "through Redis")
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

	/**
	 * Every session of the account ended at {@code at} (a password change or reset, the
	 * undo of an email change): the gateways refuse its access tokens issued before the
	 * second of {@code at}, and accept those issued from it on.
	 */
	public void signedOut(long userId, Instant at) {
		try {
			revokeSignedOut(userId, at);
		}
		catch (RuntimeException ex) {
			// its access tokens issued before work until they expire
			failed("the sign-out of " + userId, ex);
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

	/** Lists a sign-out, unless a later one is; throws when Redis fails. */
	void revokeSignedOut(long userId, Instant at) {
		long cutOff = at.getEpochSecond();
		long now = System.currentTimeMillis();
		long until = Instant.ofEpochSecond(cutOff).plus(this.lifetime).toEpochMilli();
		if (until <= now) {
			return;
		}
		this.redis.execute(SIGN_OUT, this.keys, Long.toString(userId), Long.toString(until), Long.toString(now),
				Long.toString(cutOff));
	}

	/** Takes a reinstated account off the list; throws when Redis fails. */
	void lift(long userId) {
		this.redis.execute(LIFT, this.keys.subList(0, 2), "suspended:" + userId);
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

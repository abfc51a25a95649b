package com.pixelgram.user.auth;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import com.pixelgram.user.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per account and client address in Redis and refuses an address
 * that keeps failing for an account, for periods that double up to a ceiling
 * ({@link LoginProperties}). Failures from every address add up to an account count: past
 * its ceiling each address gets fewer tries, which slows a guesser spread over many
 * addresses, but an address that has not failed is never refused, so the owner can still
 * log in. Redis trouble never blocks a login: it is logged and the throttle lets the
 * attempt through (fail open); Argon2 still makes each guess expensive.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	// Both counts, the threshold and the block in one step, so that no key is ever left
	// without a TTL and concurrent failures cannot skip a block. The address's count
	// lives
	// as long as its block and the window after it, so that the next failure after a
	// block
	// doubles it.
	private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
			local window = tonumber(ARGV[1])
			local ipFailures = redis.call('INCR', KEYS[1])
			local accountFailures = redis.call('INCR', KEYS[3])
			if accountFailures == 1 then
			  redis.call('PEXPIRE', KEYS[3], window)
			end
			local threshold = tonumber(ARGV[2])
			if accountFailures >= tonumber(ARGV[3]) then
			  threshold = math.min(threshold, tonumber(ARGV[4]))
			end
			local block = 0
			if ipFailures >= threshold then
			  block = tonumber(ARGV[5]) * 2 ^ math.min(ipFailures - threshold, 40)
			  block = math.floor(math.min(block, tonumber(ARGV[6])))
			  redis.call('SET', KEYS[2], '1', 'PX', block)
			end
			redis.call('PEXPIRE', KEYS[1], window + block)
			return block
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final LoginProperties properties;

	LoginThrottle(StringRedisTemplate redis, RedisKeys keys, LoginProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
	}

	/**
	 * Seconds until this address may try this account again, or empty when it may try
	 * now.
	 * @param subject the account, or the login name when there is no such account
	 * @param clientIp the caller's address
	 */
	OptionalLong blockedFor(String subject, String clientIp) {
		try {
			Long millis = this.redis.getExpire(blockKey(subject, clientIp), TimeUnit.MILLISECONDS);
			if (millis == null || millis <= 0) {
				return OptionalLong.empty();
			}
			return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
		}
		catch (RuntimeException ex) {
			log.warn("Login throttle unavailable, letting the attempt through: {}", ex.toString());
			return OptionalLong.empty();
		}
	}

	/**
	 * Counts a failure.
	 * @return milliseconds the address is now refused for, 0 when it is not
	 */
	long recordFailure(String subject, String clientIp) {
		try {
			Long block = this.redis.execute(RECORD_FAILURE,
					List.of(ipKey(subject, clientIp), blockKey(subject, clientIp), accountKey(subject)),
					Long.toString(this.properties.failureWindow().toMillis()),
					Integer.toString(this.properties.ipMaxFailures()),
					Integer.toString(this.properties.accountMaxFailures()),
					Integer.toString(this.properties.throttledIpMaxFailures()),
					Long.toString(this.properties.initialBlock().toMillis()),
					Long.toString(this.properties.maxBlock().toMillis()));
			return (block != null) ? block : 0;
		}
		catch (RuntimeException ex) {
			log.warn("Login throttle unavailable, failure not counted: {}", ex.toString());
			return 0;
		}
	}

	/**
	 * Forgets this address's failures after a successful login. The account's count stays
	 * until its window ends: the owner logging in says nothing about the other addresses.
	 */
	void reset(String subject, String clientIp) {
		try {
			this.redis.delete(List.of(ipKey(subject, clientIp), blockKey(subject, clientIp)));
		}
		catch (RuntimeException ex) {
			log.warn("Login throttle unavailable, failures not reset: {}", ex.toString());
		}
	}

	// One hash tag per account: the script's keys stay in one slot on Redis Cluster.
	private String accountKey(String subject) {
		return this.keys.key("login:{" + subject + "}:failures");
	}

	private String ipKey(String subject, String clientIp) {
		return this.keys.key("login:{" + subject + "}:ip:" + clientIp + ":failures");
	}

	private String blockKey(String subject, String clientIp) {
		return this.keys.key("login:{" + subject + "}:ip:" + clientIp + ":block");
	}

}

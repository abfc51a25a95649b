package com.pixelgram.user.auth;

import java.util.List;
import java.util.OptionalLong;

import com.pixelgram.user.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per account in Redis, in a window that starts with the first
 * failure. Redis trouble never blocks a login: it is logged and the throttle lets the
 * attempt through (fail open); Argon2 still makes each guess expensive.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	// INCR and the expiry in one step, so that a key can never be left without a TTL.
	private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
			local failures = redis.call('INCR', KEYS[1])
			if failures == 1 then
			  redis.call('PEXPIRE', KEYS[1], ARGV[1])
			end
			return failures
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
	 * Seconds until the account may try again, or empty when it may try now.
	 * @param subject the account, or the login name when there is no such account
	 */
	OptionalLong lockedFor(String subject) {
		try {
			String failures = this.redis.opsForValue().get(key(subject));
			if (failures == null || Long.parseLong(failures) < this.properties.maxFailures()) {
				return OptionalLong.empty();
			}
			Long ttl = this.redis.getExpire(key(subject));
			long seconds = (ttl != null && ttl > 0) ? ttl : this.properties.failureWindow().toSeconds();
			return OptionalLong.of(seconds);
		}
		catch (RuntimeException ex) {
			log.warn("Login throttle unavailable, letting the attempt through: {}", ex.toString());
			return OptionalLong.empty();
		}
	}

	void recordFailure(String subject) {
		try {
			this.redis.execute(RECORD_FAILURE, List.of(key(subject)),
					Long.toString(this.properties.failureWindow().toMillis()));
		}
		catch (RuntimeException ex) {
			log.warn("Login throttle unavailable, failure not counted: {}", ex.toString());
		}
	}

	void reset(String subject) {
		try {
			this.redis.delete(key(subject));
		}
		catch (RuntimeException ex) {
			log.warn("Login throttle unavailable, failures not reset: {}", ex.toString());
		}
	}

	private String key(String subject) {
		return this.keys.key("login-failures:" + subject);
	}

}

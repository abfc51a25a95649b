package com.pixelgram.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;

/**
 * Rate limits kept in Redis, and how the gateway behaves when Redis is out of reach.
 *
 * @param enabled whether limits are applied at all
 * @param keyPrefix first part of every counter key, {@code prefix:rule:subject:window}
 * @param redisTimeout the longest a request waits for Redis before it passes unlimited
 * @param failOpenBackoff after a Redis failure, requests pass without asking Redis for
 * this long, so that a dead Redis does not cost every request a timeout
 * @param failOpenLogInterval at most one warning per interval while limits fail open
 * @param leaseFraction the share of a quota's limit a gateway takes from Redis at once
 * and then counts in its own memory; a lease is at least one unit, so small limits are
 * counted in Redis request by request
 * @param maxLease the most units of one quota a gateway takes at once
 * @param leaseCacheSize the most quotas (subject, rule and window) whose leases a gateway
 * keeps; one evicted early loses its unspent units
 * @param rules the limits by name (the name is the {@code rule} tag and part of the key)
 */
@ConfigurationProperties("pixelgram.gateway.rate-limit")
public record RateLimitProperties(boolean enabled, String keyPrefix, Duration redisTimeout, Duration failOpenBackoff,
		Duration failOpenLogInterval, double leaseFraction, long maxLease, long leaseCacheSize,
		Map<String, Rule> rules) {

	/**
	 * One limit: at most {@code limit} matching requests per subject in each fixed
	 * window.
	 *
	 * @param scope whose requests are counted together
	 * @param methods the methods it applies to; empty for all
	 * @param paths path patterns it applies to
	 * @param limit requests allowed per window
	 * @param window the length of a window
	 */
	public record Rule(Scope scope, Set<HttpMethod> methods, List<String> paths, long limit, Duration window) {

	}

	/** What a rule counts by. */
	public enum Scope {

		/** The verified token's subject; requests without a token are not counted. */
		USER,

		/** The client's IP address, for endpoints used before there is a token. */
		IP

	}

}

package com.pixelgram.gateway.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in Redis. One script checks every quota of a request and counts
 * it only when all of them have room, so a refused request uses up nothing. When Redis
 * fails or is slow the request is allowed: losing limits for a while is better than
 * losing the API.
 */
@Component
class FixedWindowRateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(FixedWindowRateLimiter.class);

	// KEYS: one counter per quota; ARGV: limit and TTL (ms) of each, in the same order.
	// Returns 0 when the request fits, else the 1-based index of the first full quota.
	private static final RedisScript<Long> SCRIPT = RedisScript.of("""
			for i = 1, #KEYS do
			  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
			  if used >= tonumber(ARGV[2 * i - 1]) then
			    return i
			  end
			end
			for i = 1, #KEYS do
			  if redis.call('INCR', KEYS[i]) == 1 then
			    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
			  end
			end
			return 0
			""", Long.class);

	/** Keys outlive their window a little, for gateways whose clocks differ slightly. */
	private static final long TTL_SLACK_MILLIS = 5_000;

	private final ReactiveStringRedisTemplate redis;

	private final RateLimitProperties properties;

	private final Clock clock;

	private final Counter failOpen;

	private final AtomicLong skipRedisUntil = new AtomicLong();

	private final AtomicLong lastWarning = new AtomicLong();

	FixedWindowRateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties,
			MeterRegistry meterRegistry) {
		this.redis = redis;
		this.properties = properties;
		this.clock = Clock.systemUTC();
		this.failOpen = Counter.builder("pixelgram.gateway.ratelimit.failopen")
			.description("Requests let through unlimited because Redis failed or was too slow")
			.register(meterRegistry);
	}

	Mono<Verdict> check(List<Quota> quotas) {
		long now = this.clock.millis();
		if (now < this.skipRedisUntil.get()) {
			this.failOpen.increment();
			return Mono.just(Verdict.ALLOWED);
		}
		List<String> keys = new ArrayList<>(quotas.size());
		List<String> args = new ArrayList<>(quotas.size() * 2);
		for (Quota quota : quotas) {
			long windowMillis = quota.window().toMillis();
			long window = now / windowMillis;
			// The subject is a hash tag: every quota of one request is the same user's
			// (or the same address's), so the script's keys share a Redis Cluster slot.
			keys.add(this.properties.keyPrefix() + ":{" + quota.subject() + "}:" + quota.rule() + ":" + window);
			args.add(Long.toString(quota.limit()));
			args.add(Long.toString((window + 1) * windowMillis - now + TTL_SLACK_MILLIS));
		}
		return this.redis.execute(SCRIPT, keys, args)
			.next()
			.timeout(this.properties.redisTimeout())
			.map((index) -> verdict(quotas, index.intValue(), now))
			.onErrorResume((error) -> Mono.just(failOpen(error)));
	}

	private Verdict verdict(List<Quota> quotas, int index, long now) {
		if (index == 0) {
			return Verdict.ALLOWED;
		}
		Quota full = quotas.get(index - 1);
		long windowMillis = full.window().toMillis();
		long windowEnd = (now / windowMillis + 1) * windowMillis;
		long retryAfterSeconds = Math.max(1, (windowEnd - now + 999) / 1000);
		return new Verdict(full.rule(), retryAfterSeconds);
	}

	private Verdict failOpen(Throwable error) {
		long now = this.clock.millis();
		this.skipRedisUntil.set(now + this.properties.failOpenBackoff().toMillis());
		this.failOpen.increment();
		long last = this.lastWarning.get();
		if (now - last >= this.properties.failOpenLogInterval().toMillis()
				&& this.lastWarning.compareAndSet(last, now)) {
			logger.warn("Rate limits are not applied: Redis failed ({}); requests pass unlimited", error.toString());
		}
		return Verdict.ALLOWED;
	}

}

package com.pixelgram.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in Redis, taken in leases. A gateway that finds no unit left of a
 * quota in its own lease asks Redis for the next lease: one script checks every quota of
 * the request and grants each up to its lease size, only when all of them have room, so a
 * refused request uses up nothing. The requests that follow are counted in the process
 * until the lease is spent: with a quota's lease a hundredth of its limit, Redis sees one
 * script call per hundred requests of a busy user instead of one per request, and the
 * units a gateway holds but never spends (at most a lease per quota and gateway replica)
 * are the most a user can be refused early. Quotas of a hundred requests or fewer are
 * counted in Redis one by one, exactly.
 * <p>
 * When Redis fails or is slow the request is allowed: losing limits for a while is better
 * than losing the API.
 */
@Component
class FixedWindowRateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(FixedWindowRateLimiter.class);

	// KEYS: one counter per quota; ARGV: limit, TTL (ms) and wanted lease of each, in the
	// same order. Returns {0, grant...} when every quota has room, else {i}: the 1-based
	// index of the first full quota, and nothing is counted.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SCRIPT = RedisScript.of("""
			local grants = {0}
			for i = 1, #KEYS do
			  local room = tonumber(ARGV[3 * i - 2]) - tonumber(redis.call('GET', KEYS[i]) or '0')
			  if room < 1 then
			    return {i}
			  end
			  grants[i + 1] = math.min(room, tonumber(ARGV[3 * i]))
			end
			for i = 1, #KEYS do
			  if redis.call('INCRBY', KEYS[i], grants[i + 1]) == grants[i + 1] then
			    redis.call('PEXPIRE', KEYS[i], ARGV[3 * i - 1])
			  end
			end
			return grants
			""", List.class);

	/** Keys outlive their window a little, for gateways whose clocks differ slightly. */
	private static final long TTL_SLACK_MILLIS = 5_000;

	private final ReactiveStringRedisTemplate redis;

	private final RateLimitProperties properties;

	private final Clock clock;

	private final Counter failOpen;

	private final Counter leaseRequests;

	/**
	 * Units of each counter (by its Redis key, window included) granted and not spent.
	 */
	private final Cache<String, AtomicLong> leases;

	private final AtomicLong skipRedisUntil = new AtomicLong();

	private final AtomicLong lastWarning = new AtomicLong();

	@Autowired
	FixedWindowRateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties,
			MeterRegistry meterRegistry) {
		this(redis, properties, meterRegistry, Clock.systemUTC());
	}

	FixedWindowRateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties,
			MeterRegistry meterRegistry, Clock clock) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.failOpen = Counter.builder("pixelgram.gateway.ratelimit.failopen")
			.description("Requests let through unlimited because Redis failed or was too slow")
			.register(meterRegistry);
		this.leaseRequests = Counter.builder("pixelgram.gateway.ratelimit.leases")
			.description("Calls to Redis for the next lease of units of one or more quotas")
			.register(meterRegistry);
		// An entry evicted early loses its unspent units: a user refused a little early,
		// never one allowed too much.
		this.leases = Caffeine.newBuilder()
			.maximumSize(properties.leaseCacheSize())
			.expireAfterAccess(Duration.ofMinutes(10))
			.build();
	}

	Mono<Verdict> check(List<Quota> quotas) {
		long now = this.clock.millis();
		int count = quotas.size();
		String[] keys = new String[count];
		AtomicLong[] held = new AtomicLong[count];
		List<Integer> missing = null;
		for (int i = 0; i < count; i++) {
			keys[i] = key(quotas.get(i), now);
			held[i] = this.leases.get(keys[i], (key) -> new AtomicLong());
			if (!takeOne(held[i])) {
				missing = (missing != null) ? missing : new ArrayList<>(count);
				missing.add(i);
			}
		}
		if (missing == null) {
			return Mono.just(Verdict.ALLOWED);
		}
		if (now < this.skipRedisUntil.get()) {
			this.failOpen.increment();
			return Mono.just(Verdict.ALLOWED);
		}
		List<String> redisKeys = new ArrayList<>(missing.size());
		List<String> args = new ArrayList<>(missing.size() * 3);
		for (int i : missing) {
			Quota quota = quotas.get(i);
			long windowMillis = quota.window().toMillis();
			redisKeys.add(keys[i]);
			args.add(Long.toString(quota.limit()));
			args.add(Long.toString((now / windowMillis + 1) * windowMillis - now + TTL_SLACK_MILLIS));
			args.add(Long.toString(leaseSize(quota.limit())));
		}
		this.leaseRequests.increment();
		List<Integer> asked = missing;
		return this.redis.execute(SCRIPT, redisKeys, args)
			.collectList()
			.timeout(this.properties.redisTimeout())
			.map((reply) -> settle(quotas, held, asked, numbers(reply), now))
			.onErrorResume((error) -> Mono.just(failOpen(error)));
	}

	/**
	 * The units a quota's lease holds: a hundredth of its limit by default, at least one
	 * and at most the configured maximum.
	 */
	long leaseSize(long limit) {
		long share = (long) (limit * this.properties.leaseFraction());
		return Math.max(1, Math.min(this.properties.maxLease(), share));
	}

	private String key(Quota quota, long now) {
		// The subject is a hash tag: every quota of one request is the same user's (or
		// the same address's), so the script's keys share a Redis Cluster slot.
		return this.properties.keyPrefix() + ":{" + quota.subject() + "}:" + quota.rule() + ":"
				+ now / quota.window().toMillis();
	}

	private Verdict settle(List<Quota> quotas, AtomicLong[] held, List<Integer> asked, List<Long> reply, long now) {
		int refused = reply.get(0).intValue();
		if (refused != 0) {
			// a refused request spends nothing: the units it took from leases go back
			for (int i = 0; i < held.length; i++) {
				if (!asked.contains(i)) {
					held[i].incrementAndGet();
				}
			}
			return refusal(quotas.get(asked.get(refused - 1)), now);
		}
		for (int j = 0; j < asked.size(); j++) {
			// one unit of each grant is this request's
			held[asked.get(j)].addAndGet(reply.get(j + 1) - 1);
		}
		return Verdict.ALLOWED;
	}

	/** The script's reply, whether the driver emitted the list whole or one by one. */
	private static List<Long> numbers(List<?> reply) {
		List<Long> numbers = new ArrayList<>();
		for (Object element : reply) {
			if (element instanceof List<?> list) {
				numbers.addAll(numbers(list));
			}
			else {
				numbers.add(((Number) element).longValue());
			}
		}
		return numbers;
	}

	private static boolean takeOne(AtomicLong units) {
		long left = units.get();
		while (left > 0) {
			if (units.compareAndSet(left, left - 1)) {
				return true;
			}
			left = units.get();
		}
		return false;
	}

	private static Verdict refusal(Quota full, long now) {
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

package com.pixelgram.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The accounts whose access tokens this gateway refuses before they expire, kept in
 * memory so that a request pays a map lookup and never a Redis call. user-service lists
 * suspended and deleted accounts ({@code suspended:<id>}, {@code deleted:<id>}: every
 * token refused) and accounts signed out everywhere
 * ({@code signed-out:<id>:<cut-off epoch second>}: the tokens issued before the cut-off
 * refused) in a sorted set scored by when their last token expires, and bumps a version
 * beside it on every change (a reinstatement removes its entry). One thread reads the
 * version every {@code refresh} and, when it moved, the entries not yet expired, which
 * replace the map whole; an entry of a kind it does not know is skipped. When Redis fails
 * the gateway keeps the map it has, counts the failure and tries again on the next tick;
 * requests never wait for it.
 */
@Component
class RevokedAccess implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RevokedAccess.class);

	/** Why an account's tokens are refused. */
	enum Reason {

		SUSPENDED, DELETED, SIGNED_OUT

	}

	/**
	 * What an account's entries refuse: all its tokens when it is suspended or deleted
	 * (either wins over a sign-out), else those issued before the cut-off.
	 *
	 * @param reason why
	 * @param cutOff for {@link Reason#SIGNED_OUT}, the epoch second from which tokens are
	 * accepted ({@code iat} at or after it), the latest of the account's sign-outs
	 */
	record Refusal(Reason reason, long cutOff) {

		Reason of(Instant issuedAt) {
			if (this.reason != Reason.SIGNED_OUT) {
				return this.reason;
			}
			// iat is in whole seconds; a token without one cannot be told apart from an
			// old one
			return (issuedAt == null || issuedAt.getEpochSecond() < this.cutOff) ? this.reason : null;
		}

		Refusal and(Refusal other) {
			if (this.reason != Reason.SIGNED_OUT) {
				return this;
			}
			if (other.reason != Reason.SIGNED_OUT) {
				return other;
			}
			return (other.cutOff > this.cutOff) ? other : this;
		}

	}

	private final ReactiveStringRedisTemplate redis;

	private final String key;

	private final String versionKey;

	private final long refreshMillis;

	private final Duration timeout;

	private final Counter failures;

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "gateway-revoked-access");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Map<String, Refusal> accounts = Map.of();

	/** The version the map was read at; null until it was read once. */
	private volatile String version;

	private volatile boolean failing;

	RevokedAccess(ReactiveStringRedisTemplate redis, RevokedAccessProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.key = properties.key();
		this.versionKey = properties.key() + ":version";
		this.refreshMillis = Math.max(1, properties.refresh().toMillis());
		this.timeout = properties.redisTimeout();
		this.failures = Counter.builder("pixelgram.gateway.revoked-access.refresh.failures")
			.description("Reads of the revoked accounts that Redis did not answer; the last ones read are kept")
			.register(meters);
		Gauge.builder("pixelgram.gateway.revoked-access.accounts", this, (revoked) -> revoked.accounts.size())
			.description("Accounts some or all of whose access tokens this gateway refuses before they expire")
			.register(meters);
	}

	@Override
	public void afterPropertiesSet() {
		this.refresher.scheduleWithFixedDelay(this::refresh, 0, this.refreshMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.refresher.shutdownNow();
	}

	/**
	 * Why the subject's token issued at {@code issuedAt} is refused, or null when it is
	 * not.
	 */
	Reason refused(String subject, Instant issuedAt) {
		Refusal refusal = this.accounts.get(subject);
		return (refusal != null) ? refusal.of(issuedAt) : null;
	}

	void refresh() {
		try {
			String current = this.redis.opsForValue().get(this.versionKey).block(this.timeout);
			// A version that disappeared (Redis lost its data) reads as a change too.
			String seen = (current != null) ? current : "";
			if (!seen.equals(this.version)) {
				this.accounts = read();
				this.version = seen;
			}
			if (this.failing) {
				this.failing = false;
				log.info("Revoked accounts are read from Redis again ({} listed)", this.accounts.size());
			}
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			if (!this.failing) {
				this.failing = true;
				log.warn("Cannot read the revoked accounts; keeping the {} known: {}", this.accounts.size(),
						ex.getMessage());
			}
		}
	}

	private Map<String, Refusal> read() {
		List<String> members = this.redis.opsForZSet()
			.rangeByScore(this.key, Range.rightUnbounded(Range.Bound.exclusive((double) System.currentTimeMillis())))
			.collectList()
			.block(this.timeout);
		Map<String, Refusal> read = new HashMap<>();
		if (members != null) {
			for (String member : members) {
				Map.Entry<String, Refusal> entry = parse(member);
				if (entry != null) {
					read.merge(entry.getKey(), entry.getValue(), Refusal::and);
				}
			}
		}
		return Map.copyOf(read);
	}

	/**
	 * An entry as the account it names and what it refuses; null for one of a kind this
	 * gateway does not know (a newer user-service's) or malformed.
	 */
	static Map.Entry<String, Refusal> parse(String member) {
		String[] parts = member.split(":", -1);
		if (parts.length < 2 || parts[1].isEmpty()) {
			return null;
		}
		return switch (parts[0]) {
			case "suspended" -> (parts.length == 2) ? Map.entry(parts[1], new Refusal(Reason.SUSPENDED, 0)) : null;
			case "deleted" -> (parts.length == 2) ? Map.entry(parts[1], new Refusal(Reason.DELETED, 0)) : null;
			case "signed-out" -> (parts.length == 3) ? signedOut(parts[1], parts[2]) : null;
			default -> null;
		};
	}

	private static Map.Entry<String, Refusal> signedOut(String account, String cutOff) {
		try {
			return Map.entry(account, new Refusal(Reason.SIGNED_OUT, Long.parseLong(cutOff)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}

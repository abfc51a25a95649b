package com.pixelgram.gateway.security;

import java.time.Duration;
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
 * suspended and deleted accounts in a sorted set scored by when their last token expires,
 * and bumps a version beside it on every change (a reinstatement removes its entry). One
 * thread reads the version every {@code refresh} and, when it moved, the entries not yet
 * expired, which replace the map whole. When Redis fails the gateway keeps the map it
 * has, counts the failure and tries again on the next tick; requests never wait for it.
 */
@Component
class RevokedAccess implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RevokedAccess.class);

	/** Why an account's tokens are refused. */
	enum Reason {

		SUSPENDED, DELETED

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

	private volatile Map<String, Reason> accounts = Map.of();

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
			.description("Accounts whose access tokens this gateway refuses before they expire")
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

	/** Why the subject's tokens are refused, or null when they are not. */
	Reason refused(String subject) {
		return this.accounts.get(subject);
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

	private Map<String, Reason> read() {
		List<String> members = this.redis.opsForZSet()
			.rangeByScore(this.key, Range.rightUnbounded(Range.Bound.exclusive((double) System.currentTimeMillis())))
			.collectList()
			.block(this.timeout);
		Map<String, Reason> read = new HashMap<>();
		if (members != null) {
			for (String member : members) {
				int colon = member.indexOf(':');
				if (colon < 0) {
					continue;
				}
				Reason reason = "suspended".equals(member.substring(0, colon)) ? Reason.SUSPENDED : Reason.DELETED;
				read.put(member.substring(colon + 1), reason);
			}
		}
		return Map.copyOf(read);
	}

}

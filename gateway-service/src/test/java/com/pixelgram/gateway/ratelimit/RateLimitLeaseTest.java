package com.pixelgram.gateway.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.pixelgram.testsupport.MutableClock;
import com.pixelgram.testsupport.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases against a real Redis: what each gateway counts in memory, what Redis holds, and
 * that several gateways together never let a user past the limit.
 */
class RateLimitLeaseTest {

	private static final Duration HOUR = Duration.ofHours(1);

	private LettuceConnectionFactory connections;

	private ReactiveStringRedisTemplate redis;

	private final String prefix = TestRedis.uniquePrefix("rl-lease");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

	@BeforeEach
	void connect() {
		this.connections = connectionFactory();
		this.redis = new ReactiveStringRedisTemplate(this.connections);
	}

	@AfterEach
	void disconnect() {
		this.connections.destroy();
	}

	/** The Redis the limiter counts in. */
	LettuceConnectionFactory connectionFactory() {
		return TestRedis.connectionFactory();
	}

	@Test
	void asksRedisOncePerLeaseAndCountsTheRestInMemory() {
		FixedWindowRateLimiter gateway = limiter();
		Quota quota = new Quota("user", "42", 1000, HOUR);

		for (int i = 0; i < 25; i++) {
			assertThat(gateway.check(List.of(quota)).block()).isEqualTo(Verdict.ALLOWED);
		}

		// leases of a hundredth of 1,000: three taken for 25 requests
		assertThat(redisCount("42", "user")).isEqualTo(30);
		assertThat(this.meters.get("pixelgram.gateway.ratelimit.leases").counter().count()).isEqualTo(3);
	}

	@Test
	void gatewaysTogetherNeverAllowMoreThanTheLimit() {
		FixedWindowRateLimiter first = limiter();
		FixedWindowRateLimiter second = limiter();
		Quota quota = new Quota("user", "7", 1000, HOUR);

		int allowed = 0;
		for (int i = 0; i < 1100; i++) {
			FixedWindowRateLimiter gateway = (i % 3 == 0) ? first : second;
			if (gateway.check(List.of(quota)).block().allowed()) {
				allowed++;
			}
		}

		// at most one lease (10) per gateway is held back unspent
		assertThat(allowed).isBetween(980, 1000);
		assertThat(redisCount("7", "user")).isEqualTo(1000);
		Verdict refused = first.check(List.of(quota)).block();
		assertThat(refused.rejectedBy()).isEqualTo("user");
		assertThat(refused.retryAfterSeconds()).isBetween(1L, 3600L);
	}

	@Test
	void countsSmallLimitsInRedisOneByOne() {
		FixedWindowRateLimiter first = limiter();
		FixedWindowRateLimiter second = limiter();
		Quota quota = new Quota("auth-ip", "10.0.0.1", 4, Duration.ofMinutes(1));

		assertThat(first.leaseSize(4)).isEqualTo(1);
		for (int i = 0; i < 4; i++) {
			assertThat(((i % 2 == 0) ? first : second).check(List.of(quota)).block().allowed()).isTrue();
		}
		assertThat(second.check(List.of(quota)).block().rejectedBy()).isEqualTo("auth-ip");
		assertThat(first.check(List.of(quota)).block().rejectedBy()).isEqualTo("auth-ip");
		assertThat(redisCount("10.0.0.1", "auth-ip")).isEqualTo(4);
	}

	@Test
	void aRefusedRequestSpendsNothingOfItsOtherQuotas() {
		FixedWindowRateLimiter gateway = limiter();
		Quota general = new Quota("user", "9", 1000, HOUR);
		Quota posts = new Quota("post-create", "9", 2, HOUR);
		for (int i = 0; i < 2; i++) {
			assertThat(gateway.check(List.of(posts, general)).block().allowed()).isTrue();
		}
		long generalInRedis = redisCount("9", "user");

		for (int i = 0; i < 20; i++) {
			assertThat(gateway.check(List.of(posts, general)).block().rejectedBy()).isEqualTo("post-create");
		}

		assertThat(redisCount("9", "user")).isEqualTo(generalInRedis);
		assertThat(redisCount("9", "post-create")).isEqualTo(2);
		// the general lease still holds the units the refused requests gave back: 8 more
		// requests pass without a call to Redis
		double leases = this.meters.get("pixelgram.gateway.ratelimit.leases").counter().count();
		for (int i = 0; i < 8; i++) {
			assertThat(gateway.check(List.of(general)).block().allowed()).isTrue();
		}
		assertThat(this.meters.get("pixelgram.gateway.ratelimit.leases").counter().count()).isEqualTo(leases);
	}

	@Test
	void aNewWindowStartsFromNothing() {
		FixedWindowRateLimiter gateway = limiter();
		Quota quota = new Quota("like", "11", 100, Duration.ofMinutes(1));
		for (int i = 0; i < 100; i++) {
			assertThat(gateway.check(List.of(quota)).block().allowed()).isTrue();
		}
		assertThat(gateway.check(List.of(quota)).block().allowed()).isFalse();

		this.clock.advance(Duration.ofMinutes(1));

		assertThat(gateway.check(List.of(quota)).block().allowed()).isTrue();
	}

	private FixedWindowRateLimiter limiter() {
		RateLimitProperties properties = new RateLimitProperties(true, this.prefix, Duration.ofSeconds(2),
				Duration.ofSeconds(2), Duration.ofMinutes(1), 0.01, 100, 10_000, Map.of());
		return new FixedWindowRateLimiter(redis, properties, this.meters, this.clock);
	}

	private long redisCount(String subject, String rule) {
		long window = this.clock.millis() / ruleWindow(rule).toMillis();
		String value = redis.opsForValue().get(this.prefix + ":{" + subject + "}:" + rule + ":" + window).block();
		return (value != null) ? Long.parseLong(value) : 0;
	}

	private static Duration ruleWindow(String rule) {
		return switch (rule) {
			case "auth-ip", "like" -> Duration.ofMinutes(1);
			default -> HOUR;
		};
	}

}

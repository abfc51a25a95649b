package com.pixelgram.user.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.pixelgram.user.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Public profiles as JSON in Redis ({@code {prefix}user:{id}}), evicted on every change.
 * Redis is an optimisation here: when it fails the caller reads Postgres, and the cache
 * is left alone for a short back-off so that an outage costs one timeout, not one per
 * request.
 */
class ProfileCache {

	private static final Logger log = LoggerFactory.getLogger(ProfileCache.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final RedisKeys keys;

	private final ProfileCacheProperties properties;

	private final Clock clock;

	private volatile Instant bypassUntil = Instant.MIN;

	ProfileCache(StringRedisTemplate redis, JsonMapper json, RedisKeys keys, ProfileCacheProperties properties,
			Clock clock) {
		this.redis = redis;
		this.json = json;
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	Optional<PublicAccount> get(long id) {
		String cached = guarded("read", () -> this.redis.opsForValue().get(key(id)));
		if (cached == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.json.readValue(cached, PublicAccount.class));
		}
		catch (JacksonException ex) {
			// An entry of an older shape: drop it and read the database.
			evict(id);
			return Optional.empty();
		}
	}

	void put(PublicAccount account) {
		String value = this.json.writeValueAsString(account);
		guarded("write", () -> {
			this.redis.opsForValue().set(key(account.id()), value, this.properties.cacheTtl());
			return null;
		});
	}

	void evict(long... ids) {
		List<String> names = Arrays.stream(ids).mapToObj(this::key).toList();
		// Not skipped during the back-off: a stale entry outlives an outage, a wasted
		// call does not.
		try {
			this.redis.delete(names);
		}
		catch (RuntimeException ex) {
			failed("evict", ex);
		}
	}

	private <T> T guarded(String operation, Supplier<T> call) {
		if (this.clock.instant().isBefore(this.bypassUntil)) {
			return null;
		}
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			failed(operation, ex);
			return null;
		}
	}

	private void failed(String operation, RuntimeException ex) {
		this.bypassUntil = this.clock.instant().plus(this.properties.redisBackoff());
		log.warn("Profile cache {} failed, serving from Postgres for {}: {}", operation, this.properties.redisBackoff(),
				ex.toString());
	}

	private String key(long id) {
		return this.keys.key("user:" + id);
	}

}

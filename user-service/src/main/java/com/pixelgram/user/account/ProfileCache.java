package com.pixelgram.user.account;

import java.util.List;
import java.util.Optional;

import com.pixelgram.cache.CacheBreaker;
import com.pixelgram.cache.VersionedEntries;
import com.pixelgram.user.RedisKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Public profiles as JSON in Redis ({@code {prefix}user:{id}}), evicted on every change.
 * Redis is an optimisation here: when it fails the caller reads Postgres, and Redis is
 * reached through a circuit breaker ({@code user-redis}, a {@link CacheBreaker}), so that
 * an outage, a hang included, costs a few timeouts, not one per request.
 * <p>
 * Entries are {@link VersionedEntries} (version key {@code {prefix}user-version:{id}}),
 * so that a read racing a change never puts back the profile the change evicted.
 */
class ProfileCache {

	/** The breaker of the cache's Redis. */
	static final String BREAKER = "user-redis";

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final RedisKeys keys;

	private final ProfileCacheProperties properties;

	private final CacheBreaker guard;

	ProfileCache(StringRedisTemplate redis, JsonMapper json, RedisKeys keys, ProfileCacheProperties properties,
			CircuitBreaker breaker) {
		this.redis = redis;
		this.json = json;
		this.keys = keys;
		this.properties = properties;
		this.guard = new CacheBreaker(breaker, "Profile cache");
	}

	/**
	 * The cached profile, or a miss that carries the version to hand back to
	 * {@link #put}.
	 */
	Lookup get(long id) {
		List<String> values = this.guard.call("read",
				() -> this.redis.opsForValue().multiGet(List.of(key(id), version(id))));
		if (values == null) {
			// Redis failed: a miss whose load is not cached.
			return new Lookup(Optional.empty(), null);
		}
		String cached = values.get(0);
		String version = VersionedEntries.versionOf(values.get(1));
		if (cached == null) {
			return new Lookup(Optional.empty(), version);
		}
		try {
			return new Lookup(Optional.of(this.json.readValue(cached, PublicAccount.class)), version);
		}
		catch (JacksonException ex) {
			// An entry of an older shape: drop it and read the database.
			evict(id);
			return new Lookup(Optional.empty(), null);
		}
	}

	/**
	 * Caches a profile loaded after a miss, unless it was changed since: the version the
	 * miss saw must still be current.
	 */
	void put(PublicAccount account, Lookup miss) {
		if (miss.version() == null) {
			return;
		}
		String value = this.json.writeValueAsString(account);
		this.guard.call("write", () -> VersionedEntries.putIfUnchanged(this.redis, key(account.id()),
				version(account.id()), value, miss.version(), this.properties.cacheTtl()));
	}

	void evict(long... ids) {
		// Not skipped while the breaker is open: a stale entry outlives an outage, a
		// wasted call does not. The version outlives any read that could have seen the
		// old one.
		this.guard.always("evict", () -> {
			for (long id : ids) {
				VersionedEntries.evict(this.redis, key(id), version(id), this.properties.cacheTtl());
			}
		});
	}

	private String key(long id) {
		return this.keys.key("user:{" + id + "}");
	}

	private String version(long id) {
		return this.keys.key("user-version:{" + id + "}");
	}

	/**
	 * What the cache answered.
	 *
	 * @param account the cached profile, if any
	 * @param version the profile's version when it was looked up
	 * ({@link VersionedEntries#NONE} before the first change), or {@code null} when the
	 * answer must not be cached
	 */
	record Lookup(Optional<PublicAccount> account, String version) {

	}

}

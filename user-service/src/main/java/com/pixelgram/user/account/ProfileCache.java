package com.pixelgram.user.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.pixelgram.user.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Public profiles as JSON in Redis ({@code {prefix}user:{id}}), evicted on every change.
 * Redis is an optimisation here: when it fails the caller reads Postgres, and the cache
 * is left alone for a short back-off so that an outage costs one timeout, not one per
 * request.
 * <p>
 * A read that missed, loaded the row and then cached it could put back a profile that a
 * change committed and evicted meanwhile, to be served for the whole TTL. So every
 * eviction also bumps a version of the profile ({@code {prefix}user-version:{id}}), the
 * miss remembers the version it saw, and the load is cached only if the version is still
 * the same. Both keys of a user share a hash slot, for Redis Cluster.
 */
class ProfileCache {

	/**
	 * KEYS: profile, version; ARGV: json, version seen on the miss ("" for none), TTL.
	 */
	private static final RedisScript<Long> PUT_IF_UNCHANGED = RedisScript.of("""
			local version = redis.call('GET', KEYS[2]) or ''
			if version ~= ARGV[2] then
			  return 0
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
			return 1
			""", Long.class);

	/** KEYS: profile, version; ARGV: the version's TTL. */
	private static final RedisScript<Long> EVICT = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			local version = redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[1])
			return version
			""", Long.class);

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

	/**
	 * The cached profile, or a miss that carries the version to hand back to
	 * {@link #put}.
	 */
	Lookup get(long id) {
		List<String> values = guarded("read", () -> this.redis.opsForValue().multiGet(List.of(key(id), version(id))));
		if (values == null) {
			// Redis failed: a miss whose load is not cached.
			return new Lookup(Optional.empty(), null);
		}
		String cached = values.get(0);
		String version = (values.get(1) != null) ? values.get(1) : "";
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
		guarded("write", () -> this.redis.execute(PUT_IF_UNCHANGED, List.of(key(account.id()), version(account.id())),
				value, miss.version(), Long.toString(this.properties.cacheTtl().toMillis())));
	}

	void evict(long... ids) {
		// Not skipped during the back-off: a stale entry outlives an outage, a wasted
		// call does not. The version outlives any read that could have seen the old one.
		String versionTtl = Long.toString(this.properties.cacheTtl().toMillis());
		try {
			for (long id : ids) {
				this.redis.execute(EVICT, List.of(key(id), version(id)), versionTtl);
			}
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
		return this.keys.key("user:{" + id + "}");
	}

	private String version(long id) {
		return this.keys.key("user-version:{" + id + "}");
	}

	/**
	 * What the cache answered.
	 *
	 * @param account the cached profile, if any
	 * @param version the profile's version when it was looked up ({@code ""} before the
	 * first change), or {@code null} when the answer must not be cached
	 */
	record Lookup(Optional<PublicAccount> account, String version) {

	}

}

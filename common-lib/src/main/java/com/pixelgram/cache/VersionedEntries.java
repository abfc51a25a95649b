package com.pixelgram.cache;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Cache entries in Redis that a racing load cannot put back after a change evicted them.
 * <p>
 * A read that missed, loaded the row and then cached it could put back a value that a
 * change committed and evicted meanwhile, to be served for the whole TTL. So every
 * eviction also bumps a version key beside the entry; a miss remembers the version it saw
 * ({@link #NONE} before the first change) and its load is cached only if that version is
 * still current. An entry's key and its version key must share a hash slot (the same
 * {@code {id}} hash tag), for Redis Cluster.
 */
public final class VersionedEntries {

	/** The version of an entry that was never evicted. */
	public static final String NONE = "";

	/** KEYS: entry, version; ARGV: value, version seen on the miss, TTL in ms. */
	private static final RedisScript<Long> PUT_IF_UNCHANGED = RedisScript.of("""
			local version = redis.call('GET', KEYS[2]) or ''
			if version ~= ARGV[2] then
			  return 0
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
			return 1
			""", Long.class);

	/** KEYS: entry, version; ARGV: the version's TTL in ms. */
	private static final RedisScript<Long> EVICT = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			local version = redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[1])
			return version
			""", Long.class);

	private VersionedEntries() {
	}

	/** The version a lookup read for an entry: the stored one, or {@link #NONE}. */
	public static String versionOf(String stored) {
		return (stored != null) ? stored : NONE;
	}

	/**
	 * Caches the value for {@code ttl} unless the entry's version moved since
	 * {@code versionSeen}.
	 * @return whether the value was cached
	 */
	public static boolean putIfUnchanged(StringRedisTemplate redis, String key, String versionKey, String value,
			String versionSeen, Duration ttl) {
		Long set = redis.execute(PUT_IF_UNCHANGED, List.of(key, versionKey), value, versionSeen,
				Long.toString(ttl.toMillis()));
		return set != null && set == 1;
	}

	/**
	 * Deletes the entry and bumps its version, which is kept for {@code versionTtl}: as
	 * long as the entries' TTL, so that it outlives any read that could have seen the old
	 * entry.
	 */
	public static void evict(StringRedisTemplate redis, String key, String versionKey, Duration versionTtl) {
		redis.execute(EVICT, List.of(key, versionKey), Long.toString(versionTtl.toMillis()));
	}

}

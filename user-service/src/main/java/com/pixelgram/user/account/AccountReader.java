package com.pixelgram.user.account;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pixelgram.shard.Shards;
import com.pixelgram.shard.UnknownShardException;
import com.pixelgram.user.RedisKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads accounts for the other features: single public profiles through the Redis cache,
 * batches straight from the shards (one query per shard), and evicts cached profiles
 * after a change.
 */
@Service
public class AccountReader {

	private final Shards shards;

	private final AccountRepository accounts;

	private final ProfileCache cache;

	private final Directory directory;

	AccountReader(Shards shards, AccountRepository accounts, Directory directory, StringRedisTemplate redis,
			JsonMapper json, RedisKeys keys, ProfileCacheProperties properties, CircuitBreakerRegistry breakers) {
		this.shards = shards;
		this.accounts = accounts;
		this.directory = directory;
		this.cache = new ProfileCache(redis, json, keys, properties, breakers.circuitBreaker(ProfileCache.BREAKER));
	}

	/**
	 * The public profile, from the cache when it is there.
	 * @throws UnknownShardException for an ID of no shard of ours (a 404)
	 */
	public Optional<PublicAccount> findPublic(long id) {
		int shard = this.shards.shardOf(id);
		ProfileCache.Lookup cached = this.cache.get(id);
		if (cached.account().isPresent()) {
			return cached.account();
		}
		Optional<PublicAccount> loaded = this.shards.read(shard, () -> this.accounts.find(id)).map(Account::toPublic);
		loaded.ifPresent((account) -> this.cache.put(account, cached));
		return loaded;
	}

	/** The whole row, always from Postgres (for the owner and for writes). */
	public Optional<Account> find(long id) {
		int shard = this.shards.shardOf(id);
		return this.shards.read(shard, () -> this.accounts.find(id));
	}

	/**
	 * Public profiles of many users, in the order of the IDs; unknown IDs are left out.
	 */
	public List<PublicAccount> findAllPublic(Collection<Long> ids) {
		Map<Integer, List<Long>> byShard = new LinkedHashMap<>();
		for (long id : ids) {
			try {
				byShard.computeIfAbsent(this.shards.shardOf(id), (shard) -> new ArrayList<>()).add(id);
			}
			catch (UnknownShardException ex) {
				// not one of ours, so it does not exist
			}
		}
		Map<Long, PublicAccount> found = new HashMap<>();
		byShard.forEach((shard, shardIds) -> this.shards.read(shard, () -> this.accounts.findAll(shardIds))
			.forEach((account) -> found.put(account.id(), account.toPublic())));
		List<PublicAccount> result = new ArrayList<>();
		for (long id : ids) {
			PublicAccount account = found.get(id);
			if (account != null) {
				result.add(account);
			}
		}
		return result;
	}

	/**
	 * Public profiles of the users of the usernames (matched ignoring case, as the
	 * directory keys them), in the order of the usernames; unknown ones are left out. One
	 * read of the global directory, then one query per shard.
	 */
	public List<PublicAccount> findAllPublicByUsername(Collection<String> usernames) {
		Map<String, Long> ids = this.shards.readGlobal(() -> this.directory.findByUsernames(usernames));
		List<Long> ordered = new ArrayList<>();
		for (String username : usernames) {
			Long id = ids.get(AccountRules.key(username));
			if (id != null && !ordered.contains(id)) {
				ordered.add(id);
			}
		}
		return findAllPublic(ordered);
	}

	/** Drops cached profiles; call it after the change committed. */
	public void evict(long... ids) {
		this.cache.evict(ids);
	}

}

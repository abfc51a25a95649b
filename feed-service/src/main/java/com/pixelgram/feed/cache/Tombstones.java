package com.pixelgram.feed.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Deleted posts, remembered longer than any ranked list lives, so that no cache serves
 * one again and a late or redelivered publish does not fan it out.
 */
@Component
public class Tombstones {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Cache settings;

	Tombstones(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.cache();
	}

	public void mark(long postId) {
		this.redis.opsForValue().set(this.keys.deleted(postId), "1", this.settings.tombstoneTtl());
	}

	public boolean isDeleted(long postId) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.deleted(postId)));
	}

	/** The deleted ones among the IDs. */
	public Set<Long> deletedAmong(Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return Set.of();
		}
		List<Long> ids = new ArrayList<>(postIds);
		List<Object> replies = Pipelines.run(this.redis,
				(connection) -> ids.forEach((id) -> connection.exists(this.keys.deleted(id))));
		Set<Long> deleted = new HashSet<>();
		for (int i = 0; i < ids.size(); i++) {
			if (Pipelines.exists(replies.get(i))) {
				deleted.add(ids.get(i));
			}
		}
		return deleted;
	}

}

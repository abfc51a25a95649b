package com.pixelgram.feed.cache;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.id.IdGenerator;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Which posts a viewer likes, so that a feed page says {@code liked_by_me} without asking
 * post-service: one hash per viewer ({@code likes:{id}}), post ID to the newest change.
 * Like events write {@code +micros} or {@code -micros} (liked or not, and when); a change
 * older than the one recorded is ignored, so events may arrive late, twice or out of
 * order. Its field {@code since} is when the hash began: every like from then on reaches
 * it as an event, so a post made after that and absent from the hash is not liked. What a
 * page needs and the hash cannot tell (older posts) is asked of post-service once and
 * recorded as {@code s1} or {@code s0}, never over an event's answer. The hash keeps the
 * newest posts only: past {@code liked-posts-kept} by a quarter, the oldest posts'
 * entries go, and {@code floor} names the newest of them: posts up to it are unknown
 * again.
 */
@Component
public class LikedPosts {

	private static final String SINCE = "since";

	private static final String FLOOR = "floor";

	/**
	 * ARGV: post ID, signed microseconds, TTL in ms, entries kept, now in ms. Applies the
	 * change unless an event recorded a newer one; trims the oldest posts now and then.
	 */
	private static final RedisScript<Long> RECORD = RedisScript.of("""
			local old = redis.call('HGET', KEYS[1], ARGV[1])
			if old and string.sub(old, 1, 1) ~= 's' and math.abs(tonumber(old)) > math.abs(tonumber(ARGV[2])) then
			  return 0
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			redis.call('HSETNX', KEYS[1], 'since', ARGV[5])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			""" + trim("ARGV[4]") + "return 1", Long.class);

	/**
	 * ARGV: entries kept. Trims the oldest posts when the hash has grown past the bound.
	 */
	private static final RedisScript<Long> TRIM = RedisScript.of(trim("ARGV[1]") + "return 1", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Cache settings;

	LikedPosts(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.cache();
	}

	/**
	 * Lua that drops the entries of the oldest posts (post IDs grow with time: a shorter
	 * ID, or the smaller of two as long, is older) once the hash holds a quarter more
	 * than it keeps.
	 */
	private static String trim(String kept) {
		return """
				local kept = tonumber(%s)
				if redis.call('HLEN', KEYS[1]) > kept + 2 + math.floor(kept / 4) then
				  local ids = {}
				  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
				    if string.match(field, '^%%d+$') then ids[#ids + 1] = field end
				  end
				  table.sort(ids, function(a, b)
				    if #a ~= #b then return #a < #b end
				    return a < b
				  end)
				  if #ids > kept then
				    for i = 1, #ids - kept do redis.call('HDEL', KEYS[1], ids[i]) end
				    redis.call('HSET', KEYS[1], 'floor', ids[#ids - kept])
				  end
				end
				""".formatted(kept);
	}

	/** Records a like or an unlike from its event. */
	public void record(long viewerId, long postId, boolean liked, Instant at) {
		long micros = Math.max(1, ChronoUnit.MICROS.between(Instant.EPOCH, (at != null) ? at : Instant.now()));
		this.redis.execute(RECORD, List.of(this.keys.likes(viewerId)), Long.toString(postId),
				Long.toString(liked ? micros : -micros), Long.toString(this.settings.likesTtl().toMillis()),
				Integer.toString(this.settings.likedPostsKept()), Long.toString(System.currentTimeMillis()));
	}

	/** Queues the lookup of the posts on a pipeline; {@link #known} reads its reply. */
	public void get(StringRedisConnection connection, long viewerId, List<Long> postIds) {
		String[] fields = new String[postIds.size() + 2];
		fields[0] = SINCE;
		fields[1] = FLOOR;
		for (int i = 0; i < postIds.size(); i++) {
			fields[i + 2] = Long.toString(postIds.get(i));
		}
		connection.hMGet(this.keys.likes(viewerId), fields);
	}

	/**
	 * What an HMGET reply of {@link #get} knows: liked or not, by post; unknown left out.
	 */
	public static Map<Long, Boolean> known(List<Long> postIds, Object reply) {
		Map<Long, Boolean> known = new HashMap<>();
		if (!(reply instanceof List<?> values) || values.size() < postIds.size() + 2) {
			return known;
		}
		Long since = Pipelines.asLong(values.get(0));
		Long floor = Pipelines.asLong(values.get(1));
		for (int i = 0; i < postIds.size(); i++) {
			long postId = postIds.get(i);
			Object value = values.get(i + 2);
			if (value != null) {
				String text = value.toString();
				known.put(postId, text.equals("s1") || (!text.startsWith("s") && !text.startsWith("-")));
			}
			else if (since != null && IdGenerator.timeOf(postId).toEpochMilli() > since
					&& (floor == null || postId > floor)) {
				// Made after the hash began: a like of it would be here.
				known.put(postId, false);
			}
		}
		return known;
	}

	/** Records what post-service said of posts the hash did not know. */
	public void remember(long viewerId, Collection<Long> postIds, Collection<Long> liked) {
		if (postIds.isEmpty()) {
			return;
		}
		String key = this.keys.likes(viewerId);
		List<Long> ids = new ArrayList<>(postIds);
		long ttl = this.settings.likesTtl().toMillis();
		List<Object> replies = Pipelines.run(this.redis, (connection) -> {
			ids.forEach((id) -> connection.hSetNX(key, Long.toString(id), liked.contains(id) ? "s1" : "s0"));
			connection.hSetNX(key, SINCE, Long.toString(System.currentTimeMillis()));
			connection.pExpire(key, ttl);
			connection.hLen(key);
		});
		Long size = Pipelines.asLong(replies.get(replies.size() - 1));
		int kept = this.settings.likedPostsKept();
		if (size != null && size > kept + 2 + kept / 4) {
			this.redis.execute(TRIM, List.of(key), Integer.toString(kept));
		}
	}

}

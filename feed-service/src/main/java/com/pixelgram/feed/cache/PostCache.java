package com.pixelgram.feed.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pixelgram.events.PostEdited;
import com.pixelgram.events.PostPublished;
import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.feed.clients.PostView;

import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Posts as the feed serves them, one hash per post ({@code post:{id}}), so that a like or
 * comment can move a count in place. Written from {@code PostPublished} (which carries
 * the whole post) and from post-service's batch read after a miss. The display fields are
 * one value ({@link PostFields}); a hash without it (written in an earlier layout) counts
 * as a miss.
 */
@Component
public class PostCache {

	public static final String LIKES = "likes_count";

	public static final String COMMENTS = "comments_count";

	private static final String AUTHOR = "user_id";

	/** The display fields ({@link PostFields}); present in every complete entry. */
	private static final String VIEW = "view";

	/**
	 * The version of the display fields ({@link PostView#editVersion()}): a write
	 * carrying an older one is ignored, so that neither an edit delivered late nor a
	 * redelivered publication puts back the text the edit replaced.
	 */
	private static final String EDITED = "edited";

	/** Set in place of a deleted post's fields, as long as its tombstone lives. */
	private static final String DELETED = "deleted";

	/**
	 * Moves a count, never below zero, unless the post is deleted or the event was
	 * applied before: the claim (KEYS[2], kept ARGV[3] ms) is taken in the same script,
	 * so the two happen together or not at all. A post not cached gets a hash with the
	 * count alone (kept ARGV[4] ms), which reads take for a miss and which its
	 * publication completes: a like handled before the post's publication is not lost. -1
	 * when the event was applied before.
	 */
	private static final RedisScript<Long> ADJUST_ONCE = RedisScript.of("""
			if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return -1 end
			if redis.call('HEXISTS', KEYS[1], 'deleted') == 1 then return 0 end
			local created = redis.call('EXISTS', KEYS[1]) == 0
			local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
			if value < 0 then redis.call('HSET', KEYS[1], ARGV[1], 0) end
			if created then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
			return 1
			""", Long.class);

	/**
	 * Writes a published post's display fields and author, and zero counts only where no
	 * count is there yet (a like handled before the publication, a read that filled the
	 * entry from post-service): a publication, first or redelivered, never takes a count
	 * back, nor replaces the text of a newer edit. KEYS: the post; ARGV: TTL in ms, view,
	 * author, edit version.
	 */
	private static final RedisScript<Long> PUBLISH = RedisScript.of("""
			if redis.call('HEXISTS', KEYS[1], 'deleted') == 1 then return 0 end
			local edited = redis.call('HGET', KEYS[1], 'edited')
			if not edited or tonumber(edited) <= tonumber(ARGV[4]) then
			  redis.call('HSET', KEYS[1], 'view', ARGV[2], 'user_id', ARGV[3], 'edited', ARGV[4])
			end
			redis.call('HSETNX', KEYS[1], 'likes_count', 0)
			redis.call('HSETNX', KEYS[1], 'comments_count', 0)
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	/**
	 * Writes a post unless it is deleted or cached whole already: a cached post's counts
	 * move with its like and comment events, and post-service's counts, read while one of
	 * those events was still on its way, would have it counted twice. KEYS: the post;
	 * ARGV: TTL in ms, then field and value pairs.
	 */
	private static final String PUT_UNLESS_DELETED = """
			if redis.call('HEXISTS', KEYS[1], 'deleted') == 1 then return 0 end
			if redis.call('HEXISTS', KEYS[1], 'view') == 1 then return 0 end
			redis.call('HSET', KEYS[1], unpack(ARGV, 2))
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""";

	/**
	 * Replaces a cached post's display fields with an edit newer than the cached ones; an
	 * entry without them (not cached, or only a count an early like left) is left alone.
	 * KEYS: the post; ARGV: edit version, encoded fields.
	 */
	private static final RedisScript<Long> EDIT_IF_CACHED = RedisScript.of("""
			if redis.call('HEXISTS', KEYS[1], 'view') == 0 or redis.call('HEXISTS', KEYS[1], 'deleted') == 1 then
			  return 0
			end
			local edited = redis.call('HGET', KEYS[1], 'edited')
			if edited and tonumber(edited) >= tonumber(ARGV[1]) then return 0 end
			redis.call('HSET', KEYS[1], 'view', ARGV[2], 'edited', ARGV[1])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Cache settings;

	private final CacheMetrics metrics;

	PostCache(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, CacheMetrics metrics) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.cache();
		this.metrics = metrics;
	}

	/** The cached ones among the IDs, by ID. */
	public Map<Long, PostView> getAll(Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return Map.of();
		}
		List<Long> ids = new ArrayList<>(postIds);
		List<Object> replies = Pipelines.run(this.redis, (connection) -> ids.forEach((id) -> get(connection, id)));
		Map<Long, PostView> found = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			PostView post = fromReply(ids.get(i), replies.get(i));
			if (post != null) {
				found.put(ids.get(i), post);
			}
		}
		this.metrics.hits("post", found.size());
		this.metrics.misses("post", ids.size() - found.size());
		return found;
	}

	/** Queues the read of one post on a pipeline; {@link #fromReply} reads its reply. */
	public void get(StringRedisConnection connection, long postId) {
		connection.hMGet(this.keys.post(postId), VIEW, AUTHOR, LIKES, COMMENTS, DELETED);
	}

	/**
	 * Queues the read of what ranking needs of a post; {@link #rankingFacts} reads it.
	 */
	public void getRankingFacts(StringRedisConnection connection, long postId) {
		connection.hMGet(this.keys.post(postId), AUTHOR, LIKES, COMMENTS, DELETED);
	}

	/**
	 * Caches the posts; one deleted meanwhile stays deleted (a read that raced the
	 * deletion must not bring it back).
	 */
	public void putAll(Collection<PostView> posts) {
		if (posts.isEmpty()) {
			return;
		}
		String ttl = Long.toString(this.settings.postTtl().toMillis());
		Pipelines.run(this.redis, (connection) -> posts.forEach((post) -> {
			Map<String, String> hash = toHash(post);
			String[] keysAndArgs = new String[2 + 2 * hash.size()];
			keysAndArgs[0] = this.keys.post(post.postId());
			keysAndArgs[1] = ttl;
			int i = 2;
			for (Map.Entry<String, String> field : hash.entrySet()) {
				keysAndArgs[i++] = field.getKey();
				keysAndArgs[i++] = field.getValue();
			}
			connection.eval(PUT_UNLESS_DELETED, ReturnType.INTEGER, 1, keysAndArgs);
		}));
	}

	/**
	 * Replaces a deleted post's fields with a mark that reads see in the same round trip
	 * as the posts, and that no later put overwrites.
	 */
	public void markDeleted(long postId) {
		String key = this.keys.post(postId);
		long ttl = this.settings.tombstoneTtl().toMillis();
		Pipelines.run(this.redis, (connection) -> {
			connection.del(key);
			connection.hSet(key, DELETED, "1");
			connection.pExpire(key, ttl);
		});
	}

	/** Whether a reply of {@link #get} is the mark of a deleted post. */
	public static boolean isDeleted(Object reply) {
		return reply instanceof List<?> values && values.size() == 5 && values.get(4) != null;
	}

	/**
	 * Caches a post from its publication, when the event carries it whole. Its counts
	 * start at zero unless like or comment events came first (the queue keeps no order)
	 * or a read cached it already.
	 */
	public void put(PostPublished published) {
		if (published.isComplete()) {
			PostView post = new PostView(published.postId(), published.authorId(), published.caption(),
					published.location(), published.altText(), published.imageUrl(), published.thumbnailUrl(),
					published.renditions(), published.width(), published.height(), 0, 0, PostView.READY,
					published.createdAt(), published.hashtags(), published.editedAt(), published.mentions(),
					published.blurhash(), published.media());
			this.redis.execute(PUBLISH, List.of(this.keys.post(post.postId())),
					Long.toString(this.settings.postTtl().toMillis()), PostFields.encode(post),
					Long.toString(post.userId()), Long.toString(post.editVersion()));
		}
	}

	/**
	 * Puts an edit of a post's text into its cached entry, unless the entry holds a newer
	 * one. A post not cached is left alone: its next read fetches it as it is now.
	 * @return whether the entry changed
	 */
	public boolean edit(PostEdited edited) {
		PostView post = new PostView(edited.postId(), edited.authorId(), edited.caption(), edited.location(),
				edited.altText(), edited.imageUrl(), edited.thumbnailUrl(), edited.renditions(), edited.width(),
				edited.height(), 0, 0, PostView.READY, edited.createdAt(), edited.hashtags(), edited.editedAt(),
				edited.mentions(), edited.blurhash(), edited.media());
		Long changed = this.redis.execute(EDIT_IF_CACHED, List.of(this.keys.post(edited.postId())),
				Long.toString(post.editVersion()), PostFields.encode(post));
		return changed != null && changed == 1;
	}

	/**
	 * Moves a count of a post once per event. A redelivered event changes nothing, even
	 * when Redis ran the first try after the client had given up on it.
	 * @param eventId the like or comment event
	 * @param postId the post
	 * @param field {@link #LIKES} or {@link #COMMENTS}
	 * @param delta how much to move it
	 * @param remember how long the event is remembered
	 */
	public void adjustOnce(UUID eventId, long postId, String field, long delta, Duration remember) {
		String post = this.keys.post(postId);
		this.redis.execute(ADJUST_ONCE, List.of(post, this.keys.processedEvent(eventId, post)), field,
				Long.toString(delta), Long.toString(remember.toMillis()),
				Long.toString(this.settings.postTtl().toMillis()));
	}

	/**
	 * The post of a reply of {@link #get}, or {@code null} when it is missing, incomplete
	 * or deleted.
	 */
	public static PostView fromReply(long postId, Object reply) {
		if (!(reply instanceof List<?> values) || values.size() != 5 || values.get(0) == null || values.get(1) == null
				|| values.get(4) != null) {
			return null;
		}
		return PostFields.decode(postId, Long.parseLong(values.get(1).toString()), values.get(0).toString(),
				asLong(values.get(2)), asLong(values.get(3)));
	}

	/**
	 * What ranking needs of a post, from an HMGET reply of {@link #getRankingFacts}, or
	 * {@code null} when the post is not cached whole.
	 */
	public static RankingFacts rankingFacts(Object reply) {
		if (!(reply instanceof List<?> values) || values.size() < 4) {
			return null;
		}
		if (values.get(3) != null) {
			return RankingFacts.GONE;
		}
		if (values.get(0) == null) {
			return null;
		}
		return new RankingFacts(Long.parseLong(values.get(0).toString()), asLong(values.get(1)), asLong(values.get(2)));
	}

	private static Map<String, String> toHash(PostView post) {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put(VIEW, PostFields.encode(post));
		hash.put(AUTHOR, Long.toString(post.userId()));
		hash.put(LIKES, Long.toString(post.likesCount()));
		hash.put(COMMENTS, Long.toString(post.commentsCount()));
		hash.put(EDITED, Long.toString(post.editVersion()));
		return hash;
	}

	private static long asLong(Object value) {
		return (value != null) ? Long.parseLong(value.toString()) : 0;
	}

	/**
	 * What ranking needs of a post besides its time (which its ID carries).
	 *
	 * @param authorId the author
	 * @param likes likes
	 * @param comments comments
	 */
	public record RankingFacts(long authorId, long likes, long comments) {

		/** A deleted post's. */
		public static final RankingFacts GONE = new RankingFacts(0, 0, 0);

		public static RankingFacts of(PostView post) {
			return new RankingFacts(post.userId(), post.likesCount(), post.commentsCount());
		}

		/** Likes and comments, never negative. */
		public long interactions() {
			return Math.max(0, this.likes) + Math.max(0, this.comments);
		}

	}

}

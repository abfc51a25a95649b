package com.pixelgram.feed.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.DefaultStringTuple;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Each author's recent post IDs ({@code posts:{id}}, scored by post time, trimmed): what
 * celebrity pull merges at read time, what an unfollow removes and what a rebuild or a
 * follow backfill reads before asking post-service.
 */
@Component
public class AuthorPosts {

	/**
	 * KEYS: the author's list; ARGV: the post, its score, how many to keep, the partial
	 * mark.
	 */
	private static final RedisScript<Long> ADD = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZADD', KEYS[1], 0, ARGV[4]) end
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Fanout settings;

	AuthorPosts(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.fanout();
	}

	/**
	 * Records a new post of an author. A list this starts is marked partial (the author's
	 * earlier posts are not in it, as after Redis lost its data): until it holds the
	 * newest posts a reader asks for, a rebuild or backfill asks post-service for them.
	 * The mark scores lowest and goes with the first trim.
	 */
	public void add(long authorId, long postId) {
		this.redis.execute(ADD, List.of(this.keys.authorPosts(authorId)), Long.toString(postId),
				Long.toString((long) FeedStore.score(postId)), Long.toString(this.settings.authorPostsSize()),
				FeedStore.PARTIAL);
	}

	/**
	 * Records an author's newest posts as post-service gave them; none at all is recorded
	 * too, so that a rebuild does not ask about that author again.
	 */
	public void addAll(long authorId, Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			this.redis.opsForZSet().add(this.keys.authorPosts(authorId), FeedStore.BUILT, 0);
			return;
		}
		Set<StringRedisConnection.StringTuple> tuples = new LinkedHashSet<>();
		postIds.forEach((postId) -> tuples.add(new DefaultStringTuple(Long.toString(postId), FeedStore.score(postId))));
		String key = this.keys.authorPosts(authorId);
		Pipelines.run(this.redis, (connection) -> {
			connection.zAdd(key, tuples);
			connection.zRem(key, FeedStore.PARTIAL);
			connection.zRemRange(key, 0, -(this.settings.authorPostsSize() + 1L));
		});
	}

	public void remove(long authorId, long postId) {
		this.redis.opsForZSet().remove(this.keys.authorPosts(authorId), Long.toString(postId));
	}

	/**
	 * Queues, on a pipeline, the read of an author's newest post IDs older than
	 * {@code before} (0: from the newest); {@link FeedStore#ids} reads the reply.
	 */
	public void newest(StringRedisConnection connection, long authorId, long before, int count) {
		FeedStore.newestOf(connection, this.keys.authorPosts(authorId), before, count);
	}

	/** The author's newest post IDs, newest first (empty when none are known). */
	public List<Long> recent(long authorId, int count) {
		return recentOf(List.of(authorId), count).getOrDefault(authorId, List.of());
	}

	/**
	 * The newest post IDs of each author in one pipeline; authors of whom nothing is
	 * known, or not the newest {@code count} (a partial list shorter than that), are left
	 * out (an author known to have no posts has an empty list).
	 */
	public Map<Long, List<Long>> recentOf(Collection<Long> authorIds, int count) {
		if (authorIds.isEmpty()) {
			return Map.of();
		}
		List<Long> authors = new ArrayList<>(authorIds);
		List<Object> replies = Pipelines.run(this.redis, (connection) -> authors
			.forEach((authorId) -> connection.zRevRange(this.keys.authorPosts(authorId), 0, count - 1)));
		Map<Long, List<Long>> recent = new LinkedHashMap<>();
		for (int i = 0; i < authors.size(); i++) {
			if (replies.get(i) instanceof Collection<?> members && !members.isEmpty()
					&& !members.contains(FeedStore.PARTIAL)) {
				recent.put(authors.get(i), FeedStore.ids(members));
			}
		}
		return recent;
	}

}

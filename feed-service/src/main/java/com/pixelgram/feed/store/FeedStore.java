package com.pixelgram.feed.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.cluster.SlotHash;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.Pipelines;
import com.pixelgram.feed.RedisKeys;
import com.pixelgram.id.IdGenerator;

import org.springframework.data.redis.connection.DefaultStringTuple;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The home feeds: one sorted set per user ({@code feed:{id}}) of post IDs scored by post
 * time, trimmed to the newest {@code feed-size}. Adding is idempotent (ZADD), so a
 * redelivered or resumed fanout never adds a post twice.
 */
@Component
public class FeedStore {

	/**
	 * The member of an empty feed that has been built, or of an author's posts known to
	 * be none (scored 0, the oldest: the first to be trimmed once posts arrive).
	 */
	static final String BUILT = "0";

	/**
	 * The member that marks an author's list started by a publication
	 * ({@link AuthorPosts}): the posts before it are not known, as after Redis lost its
	 * data.
	 */
	static final String PARTIAL = "partial";

	/**
	 * Posts a feed may hold above {@code feed-size} before a fanout trims it back to
	 * {@code feed-size}: a full feed pays for the trim once per this many posts rather
	 * than on every one.
	 */
	public static final int TRIM_SLACK = 32;

	private final Scripts.Script addToFeed = Scripts.load("scripts/add-to-feed.lua");

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeedProperties.Timeline settings;

	private final int feedsPerScript;

	/** Whether Redis is a cluster, whose scripts may only touch keys of one hash slot. */
	private final boolean clustered;

	FeedStore(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.settings = properties.timeline();
		this.feedsPerScript = Math.max(1, properties.fanout().feedsPerScript());
		this.clustered = redis.getConnectionFactory() instanceof LettuceConnectionFactory factory
				&& factory.isClusterAware();
	}

	/** A post's score: its time, read from its ID. */
	public static double score(long postId) {
		return IdGenerator.timeOf(postId).toEpochMilli();
	}

	/**
	 * Adds one post to each user's feed, whether they read lately or not (the author's
	 * own feed).
	 */
	public void addToFeeds(Collection<Long> userIds, long postId) {
		write(userIds, postId, "all");
	}

	/**
	 * Adds one post to the feeds of those users who read theirs lately (a fanout); the
	 * others get a rebuild when they come back. The activity check is the script's own:
	 * no round trip of its own.
	 * @return the feeds written
	 */
	public long addToActiveFeeds(Collection<Long> userIds, long postId) {
		return write(userIds, postId, "active");
	}

	/**
	 * The {@code add-to-feed} script (activity check when asked, add, trim when over the
	 * slack, expiry on a new feed) called once per {@code feeds-per-script} users, the
	 * calls pipelined. On Redis Cluster a script's keys must share a hash slot: the users
	 * are grouped by the slot of their keys first.
	 */
	private long write(Collection<Long> userIds, long postId, String which) {
		if (userIds.isEmpty()) {
			return 0;
		}
		String[] args = { Long.toString(IdGenerator.timeOf(postId).toEpochMilli()), Long.toString(postId),
				Integer.toString(this.settings.feedSize() + TRIM_SLACK), Integer.toString(this.settings.feedSize()),
				Long.toString(this.settings.feedTtl().toMillis()), which };
		List<Object> replies = this.addToFeed.runEach(this.redis, groups(userIds), (connection, sha, feeds) -> {
			String[] keysAndArgs = new String[feeds.size() * 2 + args.length];
			int at = 0;
			for (FeedKeys feed : feeds) {
				keysAndArgs[at++] = feed.active();
				keysAndArgs[at++] = feed.feed();
			}
			System.arraycopy(args, 0, keysAndArgs, at, args.length);
			connection.evalSha(sha, ReturnType.INTEGER, at, keysAndArgs);
		});
		long written = 0;
		for (Object reply : replies) {
			Long count = Pipelines.asLong(reply);
			written += (count != null) ? count : 0;
		}
		return written;
	}

	/**
	 * The keys of the users in groups of at most {@code feeds-per-script}, each in one
	 * hash slot.
	 */
	private List<List<FeedKeys>> groups(Collection<Long> userIds) {
		List<FeedKeys> feeds = new ArrayList<>(userIds.size());
		userIds.forEach((user) -> feeds.add(new FeedKeys(this.keys.active(user), this.keys.feed(user))));
		List<List<FeedKeys>> groups = new ArrayList<>();
		if (!this.clustered) {
			addGroups(feeds, groups);
			return groups;
		}
		Map<Integer, List<FeedKeys>> bySlot = new LinkedHashMap<>();
		feeds.forEach(
				(feed) -> bySlot.computeIfAbsent(SlotHash.getSlot(feed.feed()), (slot) -> new ArrayList<>()).add(feed));
		bySlot.values().forEach((slot) -> addGroups(slot, groups));
		return groups;
	}

	/** Splits the feeds into groups of at most {@code feeds-per-script}. */
	private void addGroups(List<FeedKeys> feeds, List<List<FeedKeys>> groups) {
		for (int from = 0; from < feeds.size(); from += this.feedsPerScript) {
			groups.add(feeds.subList(from, Math.min(feeds.size(), from + this.feedsPerScript)));
		}
	}

	/** Adds posts to one feed. */
	public void addToFeed(long userId, Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return;
		}
		Set<StringRedisConnection.StringTuple> tuples = new LinkedHashSet<>();
		postIds.forEach((postId) -> tuples.add(new DefaultStringTuple(Long.toString(postId), score(postId))));
		String key = this.keys.feed(userId);
		Pipelines.run(this.redis, (connection) -> {
			connection.zAdd(key, tuples);
			trimAndKeep(connection, key);
		});
	}

	/** Removes one post from many feeds, pipelined. */
	public void removeFromFeeds(Collection<Long> userIds, long postId) {
		if (userIds.isEmpty()) {
			return;
		}
		String member = Long.toString(postId);
		Pipelines.runEach(this.redis, userIds, (connection, userId) -> connection.zRem(this.keys.feed(userId), member));
	}

	/** Removes posts from one feed. */
	public void removeFromFeed(long userId, Collection<Long> postIds) {
		if (postIds.isEmpty()) {
			return;
		}
		this.redis.opsForZSet()
			.remove(this.keys.feed(userId), postIds.stream().map(String::valueOf).toArray(Object[]::new));
	}

	/**
	 * Queues, on a pipeline, the read of a feed's newest post IDs older than a post
	 * ({@code before}, or from the newest when 0), newest first; {@link #ids} reads the
	 * reply. Posts of the same millisecond as {@code before} come too: the caller keeps
	 * the older IDs.
	 */
	public void newest(StringRedisConnection connection, long userId, long before, int count) {
		newestOf(connection, this.keys.feed(userId), before, count);
	}

	/** As {@link #newest}, for a sorted set of post IDs scored by post time. */
	static void newestOf(StringRedisConnection connection, String key, long before, int count) {
		if (before == 0) {
			connection.zRevRange(key, 0, count - 1L);
		}
		else {
			connection.zRevRangeByScore(key, Double.NEGATIVE_INFINITY, score(before), 0, count);
		}
	}

	/** The post IDs of a reply of {@link #newest}, in order. */
	public static List<Long> ids(Object reply) {
		List<Long> ids = new ArrayList<>();
		if (reply instanceof Collection<?> members) {
			members.forEach((member) -> {
				if (!BUILT.equals(member) && !PARTIAL.equals(member)) {
					ids.add(Long.valueOf(member.toString()));
				}
			});
		}
		return ids;
	}

	/**
	 * Marks a feed as built though nothing is in it (its followees have not posted):
	 * without the mark its key would not exist, and every read would rebuild it.
	 */
	public void markBuilt(long userId) {
		String key = this.keys.feed(userId);
		Pipelines.run(this.redis, (connection) -> {
			connection.zAdd(key, 0, BUILT);
			connection.pExpire(key, this.settings.feedTtl().toMillis());
		});
	}

	/** The newest post IDs of a feed, newest first. */
	public List<Long> newest(long userId, int count) {
		return ids(this.redis.opsForZSet().reverseRange(this.keys.feed(userId), 0, count - 1));
	}

	private void trimAndKeep(StringRedisConnection connection, String key) {
		// Keeps the newest feed-size entries: ranks 0 .. -(size+1) are the oldest extra.
		connection.zRemRange(key, 0, -(this.settings.feedSize() + 1L));
		connection.pExpire(key, this.settings.feedTtl().toMillis());
	}

	/**
	 * The keys of one user's feed that the {@code add-to-feed} script takes, named once
	 * for both the hash slot and the call.
	 *
	 * @param active the key present while the user reads their feed
	 * @param feed the key of the user's feed
	 */
	private record FeedKeys(String active, String feed) {

	}

}

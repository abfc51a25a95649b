package com.pixelgram.feed.graph;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

import com.pixelgram.feed.RedisKeys;

import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The authors whose posts a viewer must not see: those the viewer blocked, those who
 * blocked the viewer and those the viewer muted, kept from user-service's events in
 * {@code hidden:{viewer}}, so that a feed read filters its candidates without asking
 * user-service. One hash per viewer, a field per reason and author ({@code b} blocked by
 * the viewer, {@code B} blocking the viewer, {@code m} muted), valued with the time of
 * the newest change in microseconds, negative once lifted: a late or redelivered older
 * event never overrides a newer one, and a block lifted while a mute stands (or the other
 * way round) keeps the author hidden. The hash has no expiry: it must outlive every feed.
 * Authors a moderator suspended are hidden from everyone ({@link SuspendedAuthors}).
 */
@Component
public class HiddenAuthors {

	private static final RedisScript<Long> NEWEST_CHANGE = RedisScript.of("""
			local applied = redis.call('HGET', KEYS[1], ARGV[1])
			if applied and math.abs(tonumber(applied)) > tonumber(ARGV[2]) then
			  return 0
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final DeletedUsers deletedUsers;

	private final SuspendedAuthors suspended;

	HiddenAuthors(StringRedisTemplate redis, RedisKeys keys, DeletedUsers deletedUsers, SuspendedAuthors suspended) {
		this.redis = redis;
		this.keys = keys;
		this.deletedUsers = deletedUsers;
		this.suspended = suspended;
	}

	/**
	 * A block placed or lifted: each of the two stops (or starts again) seeing the
	 * other's posts.
	 */
	public void blocked(long blockerId, long blockedId, boolean blocking, Instant at) {
		boolean blockerDeleted = this.deletedUsers.isDeleted(blockerId);
		boolean blockedDeleted = this.deletedUsers.isDeleted(blockedId);
		if (blockerDeleted || blockedDeleted) {
			// A deleted account's own hash is gone; the other forgets it.
			if (!blockerDeleted) {
				forget(blockerId, "b" + blockedId);
			}
			if (!blockedDeleted) {
				forget(blockedId, "B" + blockerId);
			}
			return;
		}
		apply(blockerId, "b" + blockedId, blocking, at);
		apply(blockedId, "B" + blockerId, blocking, at);
	}

	/** A mute placed or lifted: only the muter's feed changes. */
	public void muted(long muterId, long mutedId, boolean muting, Instant at) {
		if (this.deletedUsers.isDeleted(muterId)) {
			return;
		}
		if (this.deletedUsers.isDeleted(mutedId)) {
			forget(muterId, "m" + mutedId);
			return;
		}
		apply(muterId, "m" + mutedId, muting, at);
	}

	private void forget(long viewerId, String field) {
		this.redis.opsForHash().delete(this.keys.hidden(viewerId), field);
	}

	/**
	 * An account suspended or reinstated by a moderator: its posts leave (or come back
	 * to) every feed, unless a newer change was recorded.
	 */
	public void suspended(long authorId, boolean suspended, Instant at) {
		this.suspended.apply(authorId, suspended, at);
	}

	/**
	 * Queues the read of the viewer's hidden authors on a pipeline, one reply;
	 * {@link #fromReply} reads it. The suspended authors cost no command: each process
	 * knows them ({@link SuspendedAuthors}).
	 */
	public void get(StringRedisConnection connection, long viewerId) {
		connection.hGetAll(this.keys.hidden(viewerId));
	}

	/**
	 * Whether an author is hidden from the viewer (blocked either way, muted, suspended),
	 * of the reply of {@link #get}: a lookup in memory.
	 */
	public LongPredicate fromReply(Object reply) {
		Set<Long> authors = new HashSet<>();
		if (reply instanceof Map<?, ?> fields) {
			fields.forEach((field, value) -> {
				if (Long.parseLong(value.toString()) > 0) {
					authors.add(Long.valueOf(field.toString().substring(1)));
				}
			});
		}
		return (authorId) -> authors.contains(authorId) || this.suspended.isSuspended(authorId);
	}

	/**
	 * Whether a moderator suspended the author: a lookup in memory, which holds the last
	 * state read while Redis is away.
	 */
	public boolean isSuspended(long authorId) {
		return this.suspended.isSuspended(authorId);
	}

	private void apply(long viewerId, String field, boolean on, Instant at) {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
		this.redis.execute(NEWEST_CHANGE, List.of(this.keys.hidden(viewerId)), field, Long.toString(micros),
				Long.toString(on ? micros : -micros));
	}

}

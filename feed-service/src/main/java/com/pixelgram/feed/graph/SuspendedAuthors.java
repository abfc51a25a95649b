package com.pixelgram.feed.graph;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.feed.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The authors a moderator suspended, known in memory in each process, so that a feed read
 * leaves their posts out with a lookup rather than a Redis command: the hash of every
 * author ever suspended ({@code suspended-authors}) grows without bound and would be one
 * hot key read by every read.
 *
 * <p>
 * Each change applied to the hash (the newest suspension or reinstatement of an author
 * wins, as for blocks and mutes) also takes the next number of a sequence and records the
 * author under it in a sorted set of changes, in the same script. Every process reads the
 * whole hash once, then once a second ({@code timeline.suspension-refresh}) asks for the
 * changes numbered after the last one it saw: one script call that finds nothing, most of
 * the time. A process also applies the changes it writes itself at once. A sequence lower
 * than the one a process has seen (Redis lost its data) makes it read the hash whole
 * again. While Redis cannot be read the process keeps what it knows, counts the failures
 * and tries again on the next tick.
 */
@Component
class SuspendedAuthors implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SuspendedAuthors.class);

	/** Changes one refresh reads at most; the next refresh goes on from there. */
	private static final int CHANGES_PER_READ = 1000;

	private static final RedisScript<Long> APPLY = RedisScript.of("""
			local applied = redis.call('HGET', KEYS[1], ARGV[1])
			if applied and math.abs(tonumber(applied)) > tonumber(ARGV[2]) then
			  return 0
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
			local sequence = redis.call('INCR', KEYS[3])
			redis.call('ZADD', KEYS[2], sequence, ARGV[1])
			return sequence
			""", Long.class);

	/**
	 * The current sequence, then author, sequence and value of each change after
	 * {@code ARGV[1]}, oldest first.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CHANGES = RedisScript.of("""
			local current = tonumber(redis.call('GET', KEYS[3]) or '0')
			local out = { tostring(current) }
			if current <= tonumber(ARGV[1]) then
			  return out
			end
			local changed = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0,
			  tonumber(ARGV[2]))
			for i = 1, #changed, 2 do
			  out[#out + 1] = changed[i]
			  out[#out + 1] = changed[i + 1]
			  out[#out + 1] = redis.call('HGET', KEYS[1], changed[i]) or '0'
			end
			return out
			""", List.class);

	private final StringRedisTemplate redis;

	private final List<String> keys;

	private final long refreshMillis;

	private final Counter failures;

	/** Each author this process heard of, with the newest change it applied. */
	private volatile Map<Long, Change> authors = new ConcurrentHashMap<>();

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "feed-suspended-authors");
		thread.setDaemon(true);
		return thread;
	});

	/** The sequence number of the last change read; -1 until the hash was read whole. */
	private volatile long seen = -1;

	private volatile boolean failing;

	SuspendedAuthors(StringRedisTemplate redis, RedisKeys keys, FeedProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.keys = List.of(keys.suspended(), keys.suspensionChanges(), keys.suspensionSequence());
		this.refreshMillis = Math.max(1, properties.timeline().suspensionRefresh().toMillis());
		this.failures = Counter.builder("pixelgram.feed.suspended-authors.refresh.failures")
			.description("Refreshes of the suspended authors that Redis did not answer; the last set known is kept")
			.register(meters);
		Gauge.builder("pixelgram.feed.suspended-authors", this, SuspendedAuthors::count)
			.description("Authors this process leaves out of every feed as suspended")
			.register(meters);
	}

	@Override
	public void afterPropertiesSet() {
		this.refresher.scheduleWithFixedDelay(this::refresh, 0, this.refreshMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.refresher.shutdownNow();
	}

	boolean isSuspended(long authorId) {
		Change change = this.authors.get(authorId);
		return change != null && change.suspended();
	}

	/**
	 * Records a suspension or reinstatement unless a newer change of the author was, and
	 * applies it in this process at once.
	 */
	void apply(long authorId, boolean suspended, Instant at) {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
		Long sequence = this.redis.execute(APPLY, this.keys, Long.toString(authorId), Long.toString(micros),
				Long.toString(suspended ? micros : -micros));
		if (sequence != null && sequence > 0) {
			learn(authorId, new Change(sequence, suspended));
		}
	}

	/** One tick: the whole hash the first time (or after Redis lost it), else changes. */
	void refresh() {
		try {
			if (this.seen < 0) {
				readWhole();
			}
			else {
				readChanges();
			}
			if (this.failing) {
				this.failing = false;
				log.info("Suspended authors are read from Redis again");
			}
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			if (!this.failing) {
				this.failing = true;
				log.warn("Cannot refresh the suspended authors; keeping the {} known: {}", count(), ex.getMessage());
			}
		}
	}

	private void readWhole() {
		String current = this.redis.opsForValue().get(this.keys.get(2));
		long sequence = (current != null) ? Long.parseLong(current) : 0;
		// Every change up to this sequence is in the hash already; later ones are read
		// as changes, which win over what the scan finds.
		Map<Long, Change> read = new ConcurrentHashMap<>();
		try (Cursor<Map.Entry<Object, Object>> entries = this.redis.opsForHash()
			.scan(this.keys.get(0), ScanOptions.scanOptions().count(CHANGES_PER_READ).build())) {
			entries.forEachRemaining((entry) -> read.put(Long.parseLong(entry.getKey().toString()),
					new Change(sequence, Long.parseLong(entry.getValue().toString()) > 0)));
		}
		// What this process wrote meanwhile is newer than the scan, or read again as a
		// change on the next tick.
		this.authors.forEach((authorId, change) -> {
			if (change.sequence() > sequence) {
				read.put(authorId, change);
			}
		});
		this.authors = read;
		this.seen = sequence;
	}

	private void readChanges() {
		long since = this.seen;
		List<?> reply = this.redis.execute(CHANGES, this.keys, Long.toString(since),
				Integer.toString(CHANGES_PER_READ));
		long current = Long.parseLong(reply.get(0).toString());
		if (current < since) {
			log.warn("The suspension sequence went back from {} to {} (Redis lost data): reading them all again", since,
					current);
			readWhole();
			return;
		}
		long last = since;
		for (int i = 1; i + 2 < reply.size(); i += 3) {
			long authorId = Long.parseLong(reply.get(i).toString());
			long sequence = (long) Double.parseDouble(reply.get(i + 1).toString());
			learn(authorId, new Change(sequence, Long.parseLong(reply.get(i + 2).toString()) > 0));
			last = Math.max(last, sequence);
		}
		// A full batch may have left later changes for the next tick.
		this.seen = (reply.size() - 1 < 3 * CHANGES_PER_READ) ? current : last;
	}

	private void learn(long authorId, Change change) {
		this.authors.merge(authorId, change,
				(known, offered) -> (offered.sequence() >= known.sequence()) ? offered : known);
	}

	private long count() {
		return this.authors.values().stream().filter(Change::suspended).count();
	}

	/**
	 * An author's state as of a change.
	 *
	 * @param sequence the change's number
	 * @param suspended whether the author is suspended after it
	 */
	private record Change(long sequence, boolean suspended) {

	}

}

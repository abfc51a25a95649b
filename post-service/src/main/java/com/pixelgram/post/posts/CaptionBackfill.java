package com.pixelgram.post.posts;

import java.util.ArrayList;
import java.util.List;

import com.pixelgram.events.Mention;
import com.pixelgram.shard.PhysicalDatabase;
import com.pixelgram.shard.Shards;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Parses the captions of posts written before mentions (and, older still, hashtags) were
 * parsed: the rows whose {@code caption_parsed} is false. Each run takes a batch of each
 * shard in {@code post_id} order and marks every row it finishes, so a run that stops (a
 * restart, user-service not answering) leaves the rest to the next one, on whichever
 * replica holds the lock then.
 * <p>
 * It records what the caption says and nothing more: no {@code UserMentioned} (a mention
 * written long ago is no news to notify) and no {@code PostEdited} (the text did not
 * change). A caption is resolved as a new one would be, against the usernames of today.
 * The hashtags are written to the tag index ahead of the row, as an edit writes them.
 */
@Component
class CaptionBackfill {

	private static final Logger log = LoggerFactory.getLogger(CaptionBackfill.class);

	private final Shards shards;

	private final AuthorDirectory authors;

	private final TagIndex tags;

	private final PostCache cache;

	private final CaptionBackfillProperties properties;

	private final Counter parsed;

	CaptionBackfill(Shards shards, AuthorDirectory authors, TagIndex tags, PostCache cache,
			CaptionBackfillProperties properties, MeterRegistry meters) {
		this.shards = shards;
		this.authors = authors;
		this.tags = tags;
		this.cache = cache;
		this.properties = properties;
		this.parsed = Counter.builder("pixelgram.post.caption-backfill.parsed")
			.description("Captions of older posts parsed for mentions and hashtags")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pixelgram.post.caption-backfill.interval:PT1M}",
			initialDelayString = "${pixelgram.post.caption-backfill.interval:PT1M}")
	@SchedulerLock(name = "caption-backfill", lockAtLeastFor = "${pixelgram.post.caption-backfill.interval:PT1M}",
			lockAtMostFor = "${pixelgram.post.caption-backfill.interval:PT1M}")
	public void scheduledRun() {
		run();
	}

	/**
	 * One batch of every shard; stops at the first caption user-service cannot resolve.
	 * @return the captions parsed
	 */
	int run() {
		int done = 0;
		for (PhysicalDatabase database : this.shards.databases()) {
			List<Integer> pending;
			try {
				// One statement per database for the shards with rows to parse: once the
				// backfill is over, a run costs that and nothing more.
				pending = this.shards.shardsHolding(database, "post", "NOT caption_parsed");
			}
			catch (RuntimeException ex) {
				log.warn("Parsing older captions skipped database {}, the next run goes on: {}", database.name(),
						ex.toString());
				continue;
			}
			for (int shard : pending) {
				try {
					done += runShard(shard);
				}
				catch (RuntimeException ex) {
					log.warn("Parsing older captions stopped in shard {}, the next run goes on: {}", shard,
							ex.toString());
					return done;
				}
			}
		}
		return done;
	}

	private int runShard(int shard) {
		// From the primary: the rows are marked there.
		List<Unparsed> batch = this.shards.write(shard,
				() -> this.shards.jdbc()
					.sql("""
							SELECT post_id, caption, upload_status, hashtags, mentions::text <> '[]' AS mentions_known
							FROM post WHERE NOT caption_parsed ORDER BY post_id LIMIT :limit
							""")
					.param("limit", this.properties.batchSize())
					.query((rs, row) -> new Unparsed(rs.getLong("post_id"), rs.getString("caption"),
							UploadStatus.valueOf(rs.getString("upload_status")),
							List.of((String[]) rs.getArray("hashtags").getArray()), rs.getBoolean("mentions_known")))
					.list());
		int done = 0;
		for (Unparsed post : batch) {
			if (post.mentionsKnown()) {
				// Written since mentions were parsed: nothing to add.
				mark(shard, post, null, null);
				continue;
			}
			String caption = (post.caption() != null) ? post.caption() : "";
			// Outside any transaction: it may ask user-service.
			List<Mention> mentions = this.authors.mentions(caption);
			List<String> hashtags = Hashtags.parse(caption);
			if (post.status() == UploadStatus.READY) {
				List<String> added = new ArrayList<>(hashtags);
				added.removeAll(post.hashtags());
				this.tags.add(post.postId(), added);
			}
			if (mark(shard, post, mentions, hashtags)) {
				this.cache.evict(post.postId());
				this.parsed.increment();
				done++;
			}
		}
		return done;
	}

	/**
	 * Records the parse, unless the caption changed meanwhile (an edit parsed it then);
	 * with {@code mentions} null only marks the row.
	 */
	private boolean mark(int shard, Unparsed post, List<Mention> mentions, List<String> hashtags) {
		return this.shards.write(shard, () -> {
			if (mentions == null) {
				return this.shards.jdbc()
					.sql("UPDATE post SET caption_parsed = true WHERE post_id = :id")
					.param("id", post.postId())
					.update() == 1;
			}
			return this.shards.jdbc()
				.sql("""
						UPDATE post SET mentions = CAST(:mentions AS jsonb), hashtags = :hashtags, caption_parsed = true
						WHERE post_id = :id AND NOT caption_parsed AND caption IS NOT DISTINCT FROM :caption
						""")
				.param("mentions", MentionsJson.write(mentions))
				.param("hashtags", hashtags.toArray(String[]::new))
				.param("id", post.postId())
				.param("caption", post.caption())
				.update() == 1;
		});
	}

	private record Unparsed(long postId, String caption, UploadStatus status, List<String> hashtags,
			boolean mentionsKnown) {

	}

}

package com.pixelgram.post.posts;

import java.util.Collection;
import java.util.List;

import com.pixelgram.shard.Shards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Repository;

/**
 * Which posts carry a hashtag: rows {@code (tag, post_id)} in the tag's logical shard
 * ({@link Shards#shardOfKey}), so that a tag's page is one index range in one shard.
 * <p>
 * The index is written ahead and cleaned behind: a post's tags are added before the
 * transaction that makes it READY (or edits it) commits, each in its tag shard's own
 * transaction (or in the post's, when the shards are the same), and removed after a
 * deletion or edit has committed. So the index never misses a post that carries a tag; a
 * row that a failure left behind names a post that is gone or no longer carries the tag,
 * and reads skip it.
 */
@Repository
public class TagIndex {

	private static final Logger log = LoggerFactory.getLogger(TagIndex.class);

	private final Shards shards;

	TagIndex(Shards shards) {
		this.shards = shards;
	}

	/** Adds the post under each tag, committed before the caller's own transaction. */
	public void add(long postId, Collection<String> tags) {
		for (String tag : tags) {
			this.shards.write(this.shards.shardOfKey(tag),
					() -> this.shards.jdbc()
						.sql("INSERT INTO tag_post (tag, post_id) VALUES (:tag, :postId) ON CONFLICT DO NOTHING")
						.param("tag", tag)
						.param("postId", postId)
						.update());
		}
	}

	/**
	 * Removes the post from each tag, after the change that took the tags away has
	 * committed; a row that cannot be removed now is skipped by reads.
	 */
	void removeQuietly(long postId, Collection<String> tags) {
		for (String tag : tags) {
			try {
				this.shards.write(this.shards.shardOfKey(tag),
						() -> this.shards.jdbc()
							.sql("DELETE FROM tag_post WHERE tag = :tag AND post_id = :postId")
							.param("tag", tag)
							.param("postId", postId)
							.update());
			}
			catch (RuntimeException ex) {
				log.warn("Could not take post {} out of a hashtag's index; reads skip it: {}", postId, ex.toString());
			}
		}
	}

	/**
	 * Up to {@code limit} post IDs of the tag older than {@code before}, newest first.
	 */
	List<Long> page(String tag, long before, int limit) {
		return this.shards.read(this.shards.shardOfKey(tag),
				() -> this.shards.jdbc()
					.sql("SELECT post_id FROM tag_post WHERE tag = :tag AND post_id < :before "
							+ "ORDER BY post_id DESC LIMIT :limit")
					.param("tag", tag)
					.param("before", before)
					.param("limit", limit)
					.query(Long.class)
					.list());
	}

}

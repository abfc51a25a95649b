-- The caption's hashtags, normalised (NFC, lower case), distinct, in order of first use.
ALTER TABLE post ADD COLUMN hashtags text[] NOT NULL DEFAULT '{}';

-- The posts of a hashtag, in the hashtag's logical shard (Shards.shardOfKey), not the
-- post's: a tag's page is one index range. A row is written before the post's READY or
-- edit commits and removed after a deletion or edit commits, so the index never misses a
-- post; a row left behind by a failure is skipped on read (the post no longer carries
-- the tag, or is gone).
CREATE TABLE tag_post (
    tag     text   NOT NULL,
    post_id bigint NOT NULL,
    PRIMARY KEY (tag, post_id)
);

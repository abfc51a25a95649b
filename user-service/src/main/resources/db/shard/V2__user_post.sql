-- The posts of each author as post-service's events tell them, in the author's shard:
-- users.posts_count counts the live rows, and the rows make the events idempotent and
-- order-independent without a processed-event table. A row is kept once deleted, so that
-- a PostPublished redelivered (or overtaken by its PostDeleted) never counts again; a
-- row deleted without published_at is such a tombstone, written by a PostDeleted that
-- arrived first.
-- No foreign key to users: an event is never refused for an account this shard does not
-- hold, it only counts for nobody (the reconciliation starts from the users rows).
CREATE TABLE user_post (
    post_id      bigint      PRIMARY KEY,
    user_id      bigint      NOT NULL,
    deleted      boolean     NOT NULL,
    published_at timestamptz,
    deleted_at   timestamptz
);

-- What the reconciliation counts.
CREATE INDEX user_post_live ON user_post (user_id) WHERE NOT deleted;

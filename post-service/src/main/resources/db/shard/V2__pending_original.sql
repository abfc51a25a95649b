-- Originals of uploads whose post is not committed yet. A row is committed before its
-- object is stored and removed in the transaction that inserts the post, so an original
-- that no post references always has a row here; one older than the grace period belongs
-- to an upload that died or failed, and the sweeper deletes its object.
CREATE TABLE pending_original (
    media_key  text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX pending_original_created_at ON pending_original (created_at);

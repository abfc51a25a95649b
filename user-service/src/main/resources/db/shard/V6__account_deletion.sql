-- A deleted account keeps its row, marked, until the erasure has removed everything of it
-- (then the row goes too): every read treats a marked row as absent, and the erasure
-- finds its pending work by this index.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;

CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;

-- The halves the erasure of an account must find in other users' shards: who muted the
-- account, and whom it asked to follow.
CREATE INDEX mute_muted ON mute (muted_id);
CREATE INDEX follow_request_requester ON follow_request (requester_id);

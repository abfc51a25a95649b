-- A deleted account's username and email stay taken for a cooling-off period
-- (pixelgram.users.deletion.cooling-off) after the deletion; then the entry is removed and
-- both are free again.
ALTER TABLE directory ADD COLUMN deleted_at timestamptz;

CREATE INDEX directory_deleted ON directory (deleted_at) WHERE deleted_at IS NOT NULL;

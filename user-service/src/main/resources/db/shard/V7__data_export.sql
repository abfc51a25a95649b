-- A user's requests for a copy of their data, in the user's shard. post-service builds the
-- zip (DataExportRequested); its answer (DataExportReady or DataExportFailed) completes the
-- row. At most one export of a user is PENDING at a time: a repeated request finds it.
CREATE TABLE data_export (
    export_id    bigint      PRIMARY KEY,
    user_id      bigint      NOT NULL,
    status       text        NOT NULL,
    object_key   text,
    size         bigint,
    created_at   timestamptz NOT NULL,
    completed_at timestamptz,
    CONSTRAINT data_export_status CHECK (status IN ('PENDING', 'READY', 'FAILED'))
);

CREATE INDEX data_export_user ON data_export (user_id, export_id DESC);
CREATE UNIQUE INDEX data_export_one_pending ON data_export (user_id) WHERE status = 'PENDING';

-- The build of a user's data export (DataExportRequested), in the user's shard, keyed by the
-- export: a redelivered request finds its row and adds nothing. A job is due while PENDING
-- and its lease has passed; a claim moves the lease and counts an attempt, so a worker that
-- dies leaves the job to the next one. READY and FAILED rows stay a while (a late
-- redelivery must not build again), then the sweep removes them.
CREATE TABLE data_export_job (
    export_id    bigint      PRIMARY KEY,
    user_id      bigint      NOT NULL,
    profile      jsonb       NOT NULL,
    status       text        NOT NULL DEFAULT 'PENDING',
    attempts     integer     NOT NULL DEFAULT 0,
    lease_until  timestamptz NOT NULL DEFAULT now(),
    last_error   text,
    object_key   text,
    requested_at timestamptz NOT NULL,
    completed_at timestamptz,
    CONSTRAINT data_export_job_status CHECK (status IN ('PENDING', 'READY', 'FAILED'))
);

CREATE INDEX data_export_job_due ON data_export_job (lease_until) WHERE status = 'PENDING';
CREATE INDEX data_export_job_user ON data_export_job (user_id);
CREATE INDEX data_export_job_completed ON data_export_job (completed_at) WHERE status <> 'PENDING';

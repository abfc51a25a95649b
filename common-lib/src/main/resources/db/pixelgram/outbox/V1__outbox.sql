-- One outbox per physical database: a shard's transaction writes its events here on the
-- same connection, and one relay per database polls one table instead of one per shard.
CREATE TABLE message (
    id              bigserial PRIMARY KEY,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    destination     text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error      text,
    sent_at         timestamptz
);

-- The relay's claim and the pending gauges read only unsent rows.
CREATE INDEX message_pending ON message (id) WHERE sent_at IS NULL;
CREATE INDEX message_sent_at ON message (sent_at) WHERE sent_at IS NOT NULL;

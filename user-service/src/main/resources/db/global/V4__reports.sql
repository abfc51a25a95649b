-- Reports of posts, comments and users, and the moderators' decisions. One small queue for
-- every moderator, read oldest first, so it lives in the global schema rather than a shard
-- (docs/decisions/0012-reports-in-the-global-schema.md).
CREATE TABLE report (
    id             bigint      PRIMARY KEY,
    reporter_id    bigint      NOT NULL,
    target_type    text        NOT NULL CHECK (target_type IN ('post', 'comment', 'user')),
    target_id      bigint      NOT NULL,
    -- the account behind the target: the user reported, or the post's or comment's author
    target_user_id bigint      NOT NULL,
    -- a comment's post, for its take-down
    post_id        bigint,
    reason         text        NOT NULL,
    comment        text,
    status         text        NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    action         text        CHECK (action IN ('dismiss', 'take_down', 'suspend')),
    note           text,
    resolved_by    bigint,
    created_at     timestamptz NOT NULL,
    resolved_at    timestamptz
);

-- A reporter's repeated report of a target still open is the same report.
CREATE UNIQUE INDEX report_open_once ON report (reporter_id, target_type, target_id) WHERE status = 'OPEN';
-- The moderators' queue, oldest first.
CREATE INDEX report_queue ON report (status, created_at, id);

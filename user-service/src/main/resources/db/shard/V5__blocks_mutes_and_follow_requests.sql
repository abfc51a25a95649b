-- A block lives twice, like a follow edge: in the blocker's shard and in the blocked
-- user's, so that each side answers "is this pair blocked either way?" from its own shard
-- (a follow, a profile view, a list or a search by either of them).
CREATE TABLE block (
    blocker_id bigint      NOT NULL REFERENCES users (id),
    blocked_id bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

CREATE INDEX block_recent ON block (blocker_id, created_at DESC, blocked_id DESC);

CREATE TABLE blocked_by (
    blocked_id bigint      NOT NULL REFERENCES users (id),
    blocker_id bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocked_id, blocker_id)
);

-- A mute only in the muter's shard: the muted user cannot tell, and nothing of theirs
-- ever asks.
CREATE TABLE mute (
    muter_id   bigint      NOT NULL REFERENCES users (id),
    muted_id   bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (muter_id, muted_id)
);

CREATE INDEX mute_recent ON mute (muter_id, created_at DESC, muted_id DESC);

-- A private account's followers are the ones it approved: a follow of it is a request first,
-- kept in the followee's shard until approved (it becomes the two follow halves) or rejected.
ALTER TABLE users ADD COLUMN is_private boolean NOT NULL DEFAULT false;

CREATE TABLE follow_request (
    followee_id  bigint      NOT NULL REFERENCES users (id),
    requester_id bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (followee_id, requester_id)
);

CREATE INDEX follow_request_recent ON follow_request (followee_id, created_at DESC, requester_id DESC);

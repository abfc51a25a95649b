-- Blocks between users as user-service's events tell them, in each user's shard: a row per
-- user, other user and direction ('b' the user blocked the other, 'B' the other blocked the
-- user), with the time of the newest change, so that a late older event never overrides a
-- newer one. A post, its likes and its comments live in the author's shard, so one lookup
-- there says whether a viewer may see, like or comment on it; the viewer's own rows list
-- whom to leave out of likers and comments.
CREATE TABLE block_pair (
    user_id    bigint      NOT NULL,
    other_id   bigint      NOT NULL,
    direction  char(1)     NOT NULL CHECK (direction IN ('b', 'B')),
    blocked    boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, other_id, direction)
);

-- Who may see a private account's posts, as user-service's events tell it, in the author's
-- shard beside the posts: whether the author is private, and who follows them. Each row keeps
-- the time of its newest change, so that a late older event never overrides a newer one.
CREATE TABLE author_privacy (
    author_id  bigint      PRIMARY KEY,
    is_private boolean     NOT NULL,
    changed_at timestamptz NOT NULL
);

CREATE TABLE follower_copy (
    author_id   bigint      NOT NULL,
    follower_id bigint      NOT NULL,
    following   boolean     NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (author_id, follower_id)
);

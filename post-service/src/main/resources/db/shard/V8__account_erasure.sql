-- What the erasure of a deleted account must find in every shard: its likes and comments
-- beside other users' posts, the block and follower copies that name it.
CREATE INDEX post_like_user ON post_like (user_id);
CREATE INDEX comment_user ON comment (user_id);
CREATE INDEX block_pair_other ON block_pair (other_id);
CREATE INDEX follower_copy_follower ON follower_copy (follower_id);

-- An account being erased, in its shard: the erasure runs when UserDeleted arrives and
-- once more at recheck_at, after the account's last access token expired and the events
-- of its follows and blocks (sent after UserDeleted) were delivered; then the row goes.
CREATE TABLE erased_user (
    user_id    bigint      PRIMARY KEY,
    deleted_at timestamptz NOT NULL,
    recheck_at timestamptz NOT NULL
);

CREATE INDEX erased_user_recheck ON erased_user (recheck_at);

-- A suspended account (a moderator's decision) keeps its row and everything it made, marked:
-- every read treats it as absent, as it does a deleted one, until a moderator reinstates it.
ALTER TABLE users ADD COLUMN suspended_at timestamptz;

-- The comments on the posts of this shard's authors, as post-service's events tell them (a
-- comment's ID carries its post's shard): a report of a comment finds its post and its
-- author here, without asking post-service. A row is kept once deleted, as user_post's are,
-- so that a CommentCreated redelivered after its CommentDeleted does not bring it back.
CREATE TABLE user_comment (
    comment_id bigint      PRIMARY KEY,
    post_id    bigint      NOT NULL,
    user_id    bigint      NOT NULL,
    deleted    boolean     NOT NULL,
    created_at timestamptz
);

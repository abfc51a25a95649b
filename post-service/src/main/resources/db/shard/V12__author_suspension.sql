-- Suspended accounts (user-service's UserSuspended and UserReinstated), in the author's shard:
-- while suspended, an author's posts, likes' and comments' posts are refused to everyone, as
-- if deleted, and nothing is erased. A row per author with the time of its newest change (an
-- older change is ignored), as author_privacy's.
CREATE TABLE author_suspension (
    author_id  bigint      PRIMARY KEY,
    suspended  boolean     NOT NULL,
    changed_at timestamptz NOT NULL
);

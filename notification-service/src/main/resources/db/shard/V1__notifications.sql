-- Everything lives in the shard of the user it belongs to: a notification in its recipient's
-- shard, a like group's likers and the post summaries in the post author's shard (who is the
-- recipient of likes and comments), subscriptions in the author's shard (a celebrity's fanout
-- pages through one shard), devices in their owner's shard.

-- One row per item of a recipient's list. Likes on one post form one row (a group): each new
-- like gives it a new notification_id, so the group moves to the top and is unread again.
CREATE TABLE notification (
    notification_id bigint      PRIMARY KEY,
    recipient_id    bigint      NOT NULL,
    type            text        NOT NULL CHECK (type IN ('LIKE', 'COMMENT', 'FOLLOW', 'NEW_POST')),
    actor_id        bigint      NOT NULL,
    -- likers in a like group, 1 otherwise
    actor_count     integer     NOT NULL DEFAULT 1,
    post_id         bigint,
    comment_id      bigint,
    comment_text    text,
    thumbnail_url   text,
    -- occurred_at of the newest event behind the row, compared with a withdrawal's
    source_at       timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    read            boolean     NOT NULL DEFAULT false
);

CREATE INDEX notification_recipient ON notification (recipient_id, notification_id DESC);
CREATE INDEX notification_unread ON notification (recipient_id, notification_id) WHERE NOT read;
CREATE INDEX notification_post ON notification (post_id) WHERE post_id IS NOT NULL;

-- The natural keys: a redelivered or repeated event finds its row and adds nothing.
CREATE UNIQUE INDEX notification_like_group ON notification (recipient_id, post_id) WHERE type = 'LIKE';
CREATE UNIQUE INDEX notification_comment ON notification (comment_id) WHERE type = 'COMMENT';
CREATE UNIQUE INDEX notification_follow ON notification (recipient_id, actor_id) WHERE type = 'FOLLOW';
CREATE UNIQUE INDEX notification_new_post ON notification (recipient_id, post_id) WHERE type = 'NEW_POST';

-- The likers of a post behind its like group.
CREATE TABLE post_like (
    post_id      bigint      NOT NULL,
    actor_id     bigint      NOT NULL,
    recipient_id bigint      NOT NULL,
    liked_at     timestamptz NOT NULL,
    PRIMARY KEY (post_id, actor_id)
);

CREATE INDEX post_like_latest ON post_like (post_id, liked_at DESC);

-- Tombstones of withdrawn subjects (like:{post}:{actor}, comment:{id}, follow:{followee}:{follower},
-- post:{id}): queues do not keep order, and a create that arrives after its withdrawal and is not
-- newer than it must not bring the notification back. Swept after the longest an event can wait.
CREATE TABLE withdrawal (
    subject      text        PRIMARY KEY,
    withdrawn_at timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX withdrawal_recorded_at ON withdrawal (recorded_at);

-- Published posts of the authors of this shard: the thumbnail of their likes and comments
-- without a call to post-service.
CREATE TABLE post_summary (
    post_id       bigint      PRIMARY KEY,
    author_id     bigint      NOT NULL,
    thumbnail_url text,
    published_at  timestamptz NOT NULL
);

-- Followers who asked for new-post notifications of an author (the only recipients when the
-- author is a celebrity).
CREATE TABLE post_subscription (
    author_id     bigint      NOT NULL,
    subscriber_id bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (author_id, subscriber_id)
);

-- Push registrations.
CREATE TABLE device (
    user_id    bigint      NOT NULL,
    token      text        NOT NULL,
    platform   text        NOT NULL CHECK (platform IN ('ios', 'android')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, token)
);

-- A post lives in its author's logical shard (its ID carries that shard); its likes and
-- comments live beside it, so that every change to a post is one shard transaction.
CREATE TABLE post (
    post_id        bigint      PRIMARY KEY,
    user_id        bigint      NOT NULL,
    caption        text        NOT NULL DEFAULT '',
    location       text,
    alt_text       text,
    -- The immutable stem of every object key of the post ({token}/{post_id}).
    media_key      text        NOT NULL,
    media_type     text        NOT NULL,
    -- As displayed: the EXIF orientation already applied.
    width          integer     NOT NULL,
    height         integer     NOT NULL,
    upload_status  text        NOT NULL,
    failure_reason text,
    likes_count    bigint      NOT NULL DEFAULT 0,
    comments_count bigint      NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL,
    published_at   timestamptz,
    CONSTRAINT post_upload_status CHECK (upload_status IN ('PROCESSING', 'READY', 'FAILED'))
);

CREATE INDEX post_author_recent ON post (user_id, post_id DESC);

-- Durable media work: RENDER makes the renditions of a new post, PURGE removes every
-- object of a deleted or failed one. A job is due when lease_until has passed; a worker
-- claims it by moving lease_until into the future, so a crashed worker's job is taken
-- again once its lease expires.
CREATE TABLE media_job (
    post_id     bigint      NOT NULL,
    kind        text        NOT NULL,
    media_key   text        NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    lease_until timestamptz NOT NULL DEFAULT now(),
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, kind),
    CONSTRAINT media_job_kind CHECK (kind IN ('RENDER', 'PURGE'))
);

CREATE INDEX media_job_due ON media_job (lease_until);

-- Idempotency-Key of POST /v1/posts: a retry within the retention returns the same post.
CREATE TABLE upload_idempotency (
    user_id         bigint      NOT NULL,
    idempotency_key text        NOT NULL,
    post_id         bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX upload_idempotency_created_at ON upload_idempotency (created_at);

CREATE TABLE post_like (
    post_id    bigint      NOT NULL REFERENCES post (post_id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE INDEX post_like_recent ON post_like (post_id, created_at DESC, user_id DESC);

CREATE TABLE comment (
    comment_id bigint      PRIMARY KEY,
    post_id    bigint      NOT NULL REFERENCES post (post_id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL,
    text       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX comment_post ON comment (post_id, comment_id);

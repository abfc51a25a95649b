-- Everything a user owns lives in the user's logical shard: the account row, the refresh
-- tokens, the outgoing follow edges; the incoming edges live in the followee's shard.
CREATE TABLE users (
    id                bigint      PRIMARY KEY,
    username          text        NOT NULL,
    email             text        NOT NULL,
    password_hash     text        NOT NULL,
    full_name         text,
    bio               text,
    profile_image_url text,
    email_verified    boolean     NOT NULL DEFAULT false,
    followers_count   bigint      NOT NULL DEFAULT 0,
    following_count   bigint      NOT NULL DEFAULT 0,
    -- Stays 0 until post-service's events are consumed (a later issue).
    posts_count       bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- Opaque refresh tokens, stored as SHA-256 digests only. A family is one login session:
-- every rotation adds a row to it, and presenting a rotated token revokes all of it.
CREATE TABLE refresh_token (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id),
    family_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz,
    revoked_at timestamptz
);

CREATE INDEX refresh_token_family ON refresh_token (family_id);
CREATE INDEX refresh_token_expires_at ON refresh_token (expires_at);

-- The follower's side of an edge, in the follower's shard.
CREATE TABLE following (
    follower_id bigint      NOT NULL REFERENCES users (id),
    followee_id bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);

CREATE INDEX following_recent ON following (follower_id, created_at DESC, followee_id DESC);

-- The followee's side of an edge, in the followee's shard.
CREATE TABLE followers (
    followee_id bigint      NOT NULL REFERENCES users (id),
    follower_id bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (followee_id, follower_id)
);

CREATE INDEX followers_recent ON followers (followee_id, created_at DESC, follower_id DESC);

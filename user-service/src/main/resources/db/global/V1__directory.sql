-- In the global schema, so that connections whose search_path is "global" find its
-- operators and operator classes.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA global;

-- Uniqueness of usernames and emails across all shards, and the way from a login name
-- to the user's ID (and so to the shard). A row is reserved before the account row is
-- written in the shard and confirmed after; an unconfirmed row left by a crash is swept.
CREATE TABLE directory (
    user_id      bigint      PRIMARY KEY,
    username_key text        NOT NULL,
    email_key    text        NOT NULL,
    confirmed    boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT directory_username_key UNIQUE (username_key),
    CONSTRAINT directory_email_key UNIQUE (email_key)
);

CREATE INDEX directory_unconfirmed ON directory (created_at) WHERE NOT confirmed;

-- The search read model: lower-cased, accent-free copies of username and full name with
-- trigram indexes (prefix LIKE and similarity both use them), plus what a result shows.
CREATE TABLE user_search (
    user_id           bigint PRIMARY KEY,
    username          text   NOT NULL,
    full_name         text,
    profile_image_url text,
    username_norm     text   NOT NULL,
    full_name_norm    text   NOT NULL DEFAULT ''
);

CREATE INDEX user_search_username_norm ON user_search (username_norm text_pattern_ops);
-- No fast-update pending list: searches far outnumber sign-ups, and a pending list makes
-- every search scan it (and the planner price the index as if it were a scan) until the
-- next vacuum.
CREATE INDEX user_search_username_trgm ON user_search USING gin (username_norm gin_trgm_ops)
    WITH (fastupdate = off);
CREATE INDEX user_search_full_name_trgm ON user_search USING gin (full_name_norm gin_trgm_ops)
    WITH (fastupdate = off);

-- Token signing keys generated when none is configured, so that restarts and replicas
-- sign with the same key. The JWK includes the private part.
CREATE TABLE signing_key (
    kid        text        PRIMARY KEY,
    jwk        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- ShedLock: one instance runs each scheduled job.
CREATE TABLE shedlock (
    name       varchar(64)  PRIMARY KEY,
    lock_until timestamp    NOT NULL,
    locked_at  timestamp    NOT NULL,
    locked_by  varchar(255) NOT NULL
);

-- Which users may hold a device row of a push token (device rows live in their owner's
-- shard, so nothing there sees the same token under another user). A token is listed
-- under a user before their device row is written and unlisted after it is deleted, so
-- the list is never short of a row: registering a token removes every other user's row
-- of it, even after a crash halfway through an earlier registration. Keyed by the
-- token's SHA-256: short keys, and no copy of the token outside the owner's shard.
CREATE TABLE device_token (
    token_hash bytea  NOT NULL,
    user_id    bigint NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);

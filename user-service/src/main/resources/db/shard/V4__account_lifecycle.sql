-- Single-use tokens mailed to the user: email verification and password reset. Only the
-- SHA-256 digest of a token is kept; the token itself is signed (an HMAC over the user,
-- the purpose and a random nonce), so the nonce alone, kept until the mail is sent, is
-- worth nothing without the service's key.
CREATE TABLE account_token (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id),
    purpose    text        NOT NULL,
    -- the address the token was mailed to: a verification proves that address only
    email      text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX account_token_user ON account_token (user_id, purpose);
CREATE INDEX account_token_expires_at ON account_token (expires_at);

-- Mail to send, written in the transaction of the change that causes it and sent after
-- the commit; a row stays until the mail server took the message, retried with back-off.
CREATE TABLE mail_outbox (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL,
    template        text        NOT NULL,
    recipient       text        NOT NULL,
    -- the template's values (username, token nonce, ...), JSON
    model           text        NOT NULL,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);

-- A session is a refresh-token family; what the user sees of it: the device that logged
-- in (its User-Agent, carried by every rotation).
ALTER TABLE refresh_token ADD COLUMN user_agent text;
CREATE INDEX refresh_token_user ON refresh_token (user_id);

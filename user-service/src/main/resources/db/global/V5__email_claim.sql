-- An email a user asked to move their account to, held until they follow the link mailed
-- to it (or it expires, or a newer request replaces it): nobody may register it or claim
-- it meanwhile. The directory keeps the account's current email until the link is
-- followed. Registration and claims of one address serialize on a transaction advisory
-- lock on its key, so that a claim and a directory entry never hold the same address.
CREATE TABLE email_claim (
    email_key  text        PRIMARY KEY,
    user_id    bigint      NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX email_claim_user ON email_claim (user_id);
CREATE INDEX email_claim_expires_at ON email_claim (expires_at);

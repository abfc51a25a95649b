-- When each user last registered the token: a token moves to another user only if that
-- user logged in after it (a fresh login on the phone), so nobody who merely learns a
-- token can take someone's notifications. Rows from before this column count as
-- registered now.
ALTER TABLE device_token ADD COLUMN registered_at timestamptz NOT NULL DEFAULT now();

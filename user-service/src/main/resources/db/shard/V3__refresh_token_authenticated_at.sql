-- When the session of a refresh token began (the login), carried by every rotation, so
-- that access tokens can say it as auth_time: notification-service lets a push token move
-- to another user only after a login on that phone, not after a mere refresh. Rows from
-- before this column count from their own creation.
ALTER TABLE refresh_token ADD COLUMN authenticated_at timestamptz;

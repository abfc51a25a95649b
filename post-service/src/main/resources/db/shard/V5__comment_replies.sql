-- Replies are one level deep: reply_to names the top-level comment a reply belongs to
-- (a reply to a reply is stored under its parent). replies_count is kept on the
-- top-level comment. A top-level comment deleted while it has replies stays as a
-- tombstone (deleted, text emptied), so its replies stay readable; it goes with its
-- last reply.
ALTER TABLE comment ADD COLUMN reply_to bigint;
ALTER TABLE comment ADD COLUMN replies_count bigint NOT NULL DEFAULT 0;
ALTER TABLE comment ADD COLUMN deleted boolean NOT NULL DEFAULT false;

CREATE INDEX comment_replies ON comment (post_id, reply_to, comment_id) WHERE reply_to IS NOT NULL;

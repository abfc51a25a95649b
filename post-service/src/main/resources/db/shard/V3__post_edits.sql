-- When the author last edited the caption, location or alternative text; NULL for a post
-- never edited. Clients show "Edited" from it, and feed-service keeps the newest edit.
ALTER TABLE post ADD COLUMN edited_at timestamptz;

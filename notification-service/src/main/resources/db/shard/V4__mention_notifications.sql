-- MENTION: a caption or a comment mentioned the recipient. Its natural keys: one per
-- recipient and post for a caption (comment_id NULL), one per recipient and comment for a
-- comment, so that a redelivered event or a caption edited back and forth adds nothing.
--
-- The type's CHECK constraint gains 'MENTION' whatever other types it allows by now: its
-- definition is read and rebuilt rather than written out here.
DO $$
DECLARE
    name       text;
    definition text;
BEGIN
    SELECT c.conname, pg_get_constraintdef(c.oid) INTO name, definition
      FROM pg_constraint c
     WHERE c.conrelid = 'notification'::regclass AND c.contype = 'c'
       AND pg_get_constraintdef(c.oid) LIKE '%NEW_POST%';
    IF definition IS NOT NULL AND position('''MENTION''' IN definition) = 0 THEN
        EXECUTE format('ALTER TABLE notification DROP CONSTRAINT %I', name);
        EXECUTE format('ALTER TABLE notification ADD CONSTRAINT %I %s', name,
                       replace(definition, 'ARRAY[', 'ARRAY[''MENTION''::text, '));
    END IF;
END
$$;

CREATE UNIQUE INDEX notification_caption_mention ON notification (recipient_id, post_id)
    WHERE type = 'MENTION' AND comment_id IS NULL;
CREATE UNIQUE INDEX notification_comment_mention ON notification (recipient_id, comment_id)
    WHERE type = 'MENTION' AND comment_id IS NOT NULL;

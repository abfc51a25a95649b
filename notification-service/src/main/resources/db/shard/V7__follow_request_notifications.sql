-- FOLLOW_REQUEST: someone asked to follow the recipient's private account. One per recipient
-- and requester: a redelivered event finds its row, a newer request moves it to the top.
--
-- The type's CHECK constraint gains 'FOLLOW_REQUEST' whatever other types it allows by now,
-- as V4 did for 'MENTION'.
DO $$
DECLARE
    name       text;
    definition text;
BEGIN
    SELECT c.conname, pg_get_constraintdef(c.oid) INTO name, definition
      FROM pg_constraint c
     WHERE c.conrelid = 'notification'::regclass AND c.contype = 'c'
       AND pg_get_constraintdef(c.oid) LIKE '%NEW_POST%';
    IF definition IS NOT NULL AND position('''FOLLOW_REQUEST''' IN definition) = 0 THEN
        EXECUTE format('ALTER TABLE notification DROP CONSTRAINT %I', name);
        EXECUTE format('ALTER TABLE notification ADD CONSTRAINT %I %s', name,
                       replace(definition, 'ARRAY[', 'ARRAY[''FOLLOW_REQUEST''::text, '));
    END IF;
END
$$;

CREATE UNIQUE INDEX notification_follow_request ON notification (recipient_id, actor_id)
    WHERE type = 'FOLLOW_REQUEST';

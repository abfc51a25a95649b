-- EXPORT_READY: the recipient's data export is ready to download (DataExportReady). The
-- actor is the recipient; export_id names the export, and is its natural key, so that a
-- redelivered event adds nothing.
--
-- The type's CHECK constraint gains 'EXPORT_READY' whatever other types it allows by now:
-- its definition is read and rebuilt rather than written out here.
DO $$
DECLARE
    name       text;
    definition text;
BEGIN
    SELECT c.conname, pg_get_constraintdef(c.oid) INTO name, definition
      FROM pg_constraint c
     WHERE c.conrelid = 'notification'::regclass AND c.contype = 'c'
       AND pg_get_constraintdef(c.oid) LIKE '%NEW_POST%';
    IF definition IS NOT NULL AND position('''EXPORT_READY''' IN definition) = 0 THEN
        EXECUTE format('ALTER TABLE notification DROP CONSTRAINT %I', name);
        EXECUTE format('ALTER TABLE notification ADD CONSTRAINT %I %s', name,
                       replace(definition, 'ARRAY[', 'ARRAY[''EXPORT_READY''::text, '));
    END IF;
END
$$;

ALTER TABLE notification ADD COLUMN export_id bigint;

CREATE UNIQUE INDEX notification_export_ready ON notification (export_id) WHERE type = 'EXPORT_READY';

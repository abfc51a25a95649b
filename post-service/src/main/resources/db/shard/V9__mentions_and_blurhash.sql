-- The mentions of a caption and of a comment, resolved to users when the text was written:
-- a JSON array of {user_id, username, start, end} (offsets in UTF-16 code units of the
-- text, end exclusive), in order of appearance. Unknown usernames are plain text.
ALTER TABLE post ADD COLUMN mentions jsonb NOT NULL DEFAULT '[]';
ALTER TABLE comment ADD COLUMN mentions jsonb NOT NULL DEFAULT '[]';

-- The photo's BlurHash, computed from the decode that makes the renditions; NULL until
-- the post is READY (and for posts rendered before it existed).
ALTER TABLE post ADD COLUMN blurhash text;

-- Captions written before mentions were parsed (V9) hold mentions '[]' whatever they say,
-- and those written before hashtags were (V4) no hashtags either. CaptionBackfill parses
-- them again while caption_parsed is false: true for every row written from now on (the
-- default turns true once the rows there now have their false), and set by the backfill
-- and by an edit, which parses the caption it writes.
ALTER TABLE post ADD COLUMN caption_parsed boolean NOT NULL DEFAULT false;
ALTER TABLE post ALTER COLUMN caption_parsed SET DEFAULT true;

-- The backfill's batches: the rows still to parse, in post_id order, without a scan of
-- the parsed ones.
CREATE INDEX post_caption_unparsed ON post (post_id) WHERE NOT caption_parsed;

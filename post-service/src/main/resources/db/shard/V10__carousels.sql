-- Carousels: a post has one to ten photos. The post row describes the first (media_key,
-- media_type, width, height, alt_text, blurhash) as it always has, so that a post written
-- before carousels is a one-photo post without any data migrated; photo_count says how
-- many it has and post_media holds the photos after the first, by position (1 to 9).
-- A photo's objects are under the key of its position (MediaKeys.photoKey), so the post's
-- media key and photo count name every object of the post.
ALTER TABLE post ADD COLUMN photo_count smallint NOT NULL DEFAULT 1;

CREATE TABLE post_media (
    post_id    bigint   NOT NULL REFERENCES post (post_id) ON DELETE CASCADE,
    position   smallint NOT NULL,
    media_type text     NOT NULL,
    width      integer  NOT NULL,
    height     integer  NOT NULL,
    alt_text   text,
    blurhash   text,
    PRIMARY KEY (post_id, position),
    CONSTRAINT post_media_position CHECK (position BETWEEN 1 AND 9)
);

-- A purge removes the objects of every photo; older jobs are of one-photo posts.
ALTER TABLE media_job ADD COLUMN photo_count smallint NOT NULL DEFAULT 1;

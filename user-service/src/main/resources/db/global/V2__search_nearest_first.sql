-- The similarity-ordered tiers walk a GiST trigram index nearest-first (ORDER BY column <-> q
-- LIMIT n) instead of fetching every match from the GIN index and sorting it all: with many
-- alike names (a hundred thousand "userNNNN") that sort was the whole cost of a search.
CREATE INDEX user_search_username_knn ON user_search USING gist (username_norm gist_trgm_ops);
CREATE INDEX user_search_full_name_knn ON user_search USING gist (full_name_norm gist_trgm_ops);

-- Adds a post to one home feed (KEYS[1]): the fanout's only command per follower.
-- ARGV: score (post time, ms), member (post ID), trim-at, keep, ttl (ms).
-- The trim runs once the feed holds more than trim-at posts and keeps the newest `keep`, so
-- that a full feed pays for it once per (trim-at - keep) posts rather than on every add.
-- The expiry is set only on a feed this call created: an existing one has the expiry its
-- owner's last read gave it.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
if redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[3]) then
	redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
end
if redis.call('PTTL', KEYS[1]) < 0 then
	redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
return 1

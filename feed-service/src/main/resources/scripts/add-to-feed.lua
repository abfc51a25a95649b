-- Adds a post to home feeds (KEYS: the feeds): the fanout's only command per page of
-- followers (per hash slot of them on Redis Cluster, where a script's keys share a slot).
-- ARGV: score (post time, ms), member (post ID), trim-at, keep, ttl (ms).
-- The trim runs once a feed holds more than trim-at posts and keeps the newest `keep`, so
-- that a full feed pays for it once per (trim-at - keep) posts rather than on every add.
-- The expiry is set only on a feed this call created: an existing one has the expiry its
-- owner's last read gave it.
local score, member, ttl = ARGV[1], ARGV[2], ARGV[5]
local trimAt, keep = tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 1, #KEYS do
	local feed = KEYS[i]
	redis.call('ZADD', feed, score, member)
	if redis.call('ZCARD', feed) > trimAt then
		redis.call('ZREMRANGEBYRANK', feed, 0, -(keep + 1))
	end
	if redis.call('PTTL', feed) < 0 then
		redis.call('PEXPIRE', feed, ttl)
	end
end
return #KEYS

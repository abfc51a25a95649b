-- Adds a post to home feeds: the fanout's only command per batch of followers (per hash
-- slot of them on Redis Cluster, where a script's keys share a slot).
-- KEYS: pairs of one user's activity mark and feed (`active:{id}`, `feed:{id}`: the hash
-- tag puts both in the user's slot).
-- ARGV: score (post time, ms), member (post ID), trim-at, keep, ttl (ms), and "active"
-- to write only the feeds of users whose activity mark exists (a fanout: the others get a
-- rebuild when they come back) or "all" to write each feed (the author's own).
-- The trim runs once a feed holds more than trim-at posts and keeps the newest `keep`, so
-- that a full feed pays for it once per (trim-at - keep) posts rather than on every add.
-- The expiry is set only on a feed this call created: an existing one has the expiry its
-- owner's last read gave it.
-- Returns the number of feeds written.
local score, member, ttl = ARGV[1], ARGV[2], ARGV[5]
local trimAt, keep = tonumber(ARGV[3]), tonumber(ARGV[4])
local activeOnly = ARGV[6] == 'active'
local written = 0
for i = 1, #KEYS, 2 do
	if not activeOnly or redis.call('EXISTS', KEYS[i]) == 1 then
		local feed = KEYS[i + 1]
		redis.call('ZADD', feed, score, member)
		if redis.call('ZCARD', feed) > trimAt then
			redis.call('ZREMRANGEBYRANK', feed, 0, -(keep + 1))
		end
		if redis.call('PTTL', feed) < 0 then
			redis.call('PEXPIRE', feed, ttl)
		end
		written = written + 1
	end
end
return written

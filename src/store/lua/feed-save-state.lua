-- Stores a feed's poll state and next poll time, only while the feed exists (a deleted feed stays deleted).
-- KEYS[1] = feeds hash, KEYS[2] = feed states hash, KEYS[3] = due sorted set
-- ARGV[1] = feed id, ARGV[2] = state JSON, ARGV[3] = next poll (ms)
-- Returns: 1 when stored, 0 when the feed is gone
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1

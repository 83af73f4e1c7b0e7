-- Deletes a feed and its state; a poll still running finds it gone and writes nothing.
-- KEYS[1] = feeds hash, KEYS[2] = feed states hash, KEYS[3] = url index hash, KEYS[4] = due sorted set,
-- KEYS[5] = the partner's feed id set
-- ARGV[1] = feed id, ARGV[2] = its url index field
-- Returns: 1 when deleted, 0 when there was no such feed
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('HGET', KEYS[3], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[3], ARGV[2]) end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
return 1

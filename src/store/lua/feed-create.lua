-- Registers a feed unless its partner already has one with the same URL.
-- KEYS[1] = feeds hash, KEYS[2] = feed states hash, KEYS[3] = url index hash, KEYS[4] = due sorted set,
-- KEYS[5] = the partner's feed id set
-- ARGV[1] = feed id, ARGV[2] = url index field, ARGV[3] = feed JSON, ARGV[4] = state JSON, ARGV[5] = next poll (ms)
-- Returns: 1 when created, 0 when the URL is taken
if redis.call('HSETNX', KEYS[3], ARGV[2], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
return 1

-- Deletes one headline of a partner.
-- KEYS[1] = partner's ids by publishedAt, KEYS[2] = partner's ids by expiresAt, KEYS[3] = the headline's key
-- ARGV[1] = headline id, ARGV[2] = now (ms)
-- Returns: 1 when a live headline was deleted, 0 when there was none
local expires = redis.call('ZSCORE', KEYS[2], ARGV[1])
local live = expires and tonumber(expires) > tonumber(ARGV[2]) and redis.call('EXISTS', KEYS[3]) == 1
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if live then return 1 end
return 0

-- Inserts or replaces one partner's headlines and prunes its expired ones, atomically.
-- KEYS[1] = partner's ids by publishedAt (zset), KEYS[2] = partner's ids by expiresAt (zset),
-- KEYS[3..n] = one key per headline, in ARGV order
-- ARGV[1] = now (ms); then per headline: id, json, publishedAt (ms), expiresAt (ms)
-- Returns: the number of headlines written
local now = tonumber(ARGV[1])
local n = 0
for i = 3, #KEYS do
  local a = 2 + (i - 3) * 4
  local id, json, published, expires = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  redis.call('SET', KEYS[i], json, 'PXAT', expires)
  redis.call('ZADD', KEYS[1], published, id)
  redis.call('ZADD', KEYS[2], expires, id)
  n = n + 1
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
if #expired > 0 then
  redis.call('ZREM', KEYS[1], unpack(expired))
  redis.call('ZREM', KEYS[2], unpack(expired))
end
return n

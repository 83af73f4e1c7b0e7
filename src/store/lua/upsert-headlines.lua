-- Inserts or replaces one partner's headlines and prunes its expired ones, atomically, keeping at most
-- ARGV[2] live headlines (0: no limit): an update of a live headline always goes in, a new one only
-- while the partner is under the limit.
-- KEYS[1] = partner's ids by publishedAt (zset), KEYS[2] = partner's ids by expiresAt (zset),
-- KEYS[3..n] = one key per headline, in ARGV order
-- ARGV[1] = now (ms), ARGV[2] = most live headlines; then per headline: id, json, publishedAt (ms), expiresAt (ms)
-- Returns: the ids refused for the limit
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
if #expired > 0 then
  redis.call('ZREM', KEYS[1], unpack(expired))
  redis.call('ZREM', KEYS[2], unpack(expired))
end
local live = 0
if max > 0 then live = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf') end
local refused = {}
for i = 3, #KEYS do
  local a = 3 + (i - 3) * 4
  local id, json, published, expires = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local write = true
  if max > 0 then
    local score = redis.call('ZSCORE', KEYS[2], id)
    if not score or tonumber(score) <= now then
      if live >= max then
        write = false
        refused[#refused + 1] = id
      else
        live = live + 1
      end
    end
  end
  if write then
    redis.call('SET', KEYS[i], json, 'PXAT', expires)
    redis.call('ZADD', KEYS[1], published, id)
    redis.call('ZADD', KEYS[2], expires, id)
  end
end
return refused

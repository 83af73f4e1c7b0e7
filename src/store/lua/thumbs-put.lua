-- Stores thumbnails and keeps every thumbnail together within a byte budget, least recently used evicted first.
-- KEYS[1] = last-used sorted set (entry key → ms), KEYS[2] = sizes hash (entry key → bytes),
-- KEYS[3] = byte counter (the sum of sizes), KEYS[4..n] = entry keys to store
-- ARGV[1] = now (ms), ARGV[2] = TTL (s), ARGV[3] = budget (bytes), ARGV[4..n] = entry values, in KEYS order
-- Returns: the bytes held after eviction
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local budget = tonumber(ARGV[3])
local total = tonumber(redis.call('GET', KEYS[3]) or '0')

local function forget(key)
  total = total - tonumber(redis.call('HGET', KEYS[2], key) or '0')
  redis.call('HDEL', KEYS[2], key)
  redis.call('ZREM', KEYS[1], key)
  redis.call('DEL', key)
end

-- Entries unused for a whole TTL have expired on their own: drop what still counts them.
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - ttl * 1000, 'LIMIT', 0, 500)
for _, key in ipairs(stale) do forget(key) end

for i = 4, #KEYS do
  local key, value = KEYS[i], ARGV[i]
  if redis.call('ZSCORE', KEYS[1], key) then forget(key) end
  redis.call('SET', key, value, 'EX', ttl)
  redis.call('ZADD', KEYS[1], now, key)
  redis.call('HSET', KEYS[2], key, #value)
  total = total + #value
end

while total > budget do
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0)
  if #oldest == 0 then
    total = 0
    break
  end
  forget(oldest[1])
end

if total < 0 then total = 0 end
redis.call('SET', KEYS[3], total)
return total

-- Points one instance spent in memory, added to the shared counters in one call (all keys in the {rl} slot).
-- Each counter is kept as rate-limiter-flexible keeps it (an integer with the window as its expiry), so a key
-- spent here and by RateLimiterRedis is one budget.
-- ARGV[1] = window (s); ARGV[i + 1] = the points to add to KEYS[i]
-- Returns per key: the points spent in its window so far, then the ms left in it
local window = ARGV[1]
local out = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'EX', window, 'NX')
  local spent = redis.call('INCRBY', key, ARGV[i + 1])
  local ttl = redis.call('PTTL', key)
  if ttl == -1 then
    redis.call('EXPIRE', key, window)
    ttl = 1000 * window
  end
  out[2 * i - 1] = spent
  out[2 * i] = ttl
end
return out

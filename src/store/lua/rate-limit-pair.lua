-- Two rate-limit counters spent in turn in one call (both in the {rl} slot): one point of KEYS[1], and one of
-- KEYS[2] only when the first allowed it. Each counter is kept as rate-limiter-flexible keeps it (an integer
-- with the window as its expiry), so a key spent here and by RateLimiterRedis is one budget.
-- ARGV = window (s) and points of the first, window (s) of the second
-- Returns: {consumed, ms left in the window} of the first, then of the second when it was spent
local function spend(key, window)
  redis.call('SET', key, 0, 'EX', window, 'NX')
  local consumed = redis.call('INCRBY', key, 1)
  local ttl = redis.call('PTTL', key)
  if ttl == -1 then
    redis.call('EXPIRE', key, window)
    ttl = 1000 * window
  end
  return consumed, ttl
end
local consumed, ttl = spend(KEYS[1], ARGV[1])
if consumed > tonumber(ARGV[2]) then return {consumed, ttl} end
local consumed2, ttl2 = spend(KEYS[2], ARGV[3])
return {consumed, ttl, consumed2, ttl2}

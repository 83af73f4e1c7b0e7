-- Adds to the learning counters, each first decayed to now; keeps at most maxKeys, dropping the least recently
-- updated. All in the {learn} slot.
-- KEYS[1] = hash key → "clicks exposure at(ms)", KEYS[2] = sorted set key → at (eviction order)
-- ARGV[1] = now (ms), ARGV[2] = half-life (ms), ARGV[3] = maxKeys; then per counter: key, clicks, exposure
local now, half, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for a = 4, #ARGV, 3 do
  local key = ARGV[a]
  local clicks, exposure, at = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), now
  local old = redis.call('HGET', KEYS[1], key)
  if old then
    local oc, oe, oat = string.match(old, '^(%S+) (%S+) (%S+)$')
    oc, oe, oat = tonumber(oc), tonumber(oe), tonumber(oat)
    if oc and oe and oat then
      local f = 1
      if now > oat and half > 0 then f = 0.5 ^ ((now - oat) / half) end
      clicks = clicks + oc * f
      exposure = exposure + oe * f
      if oat > at then at = oat end
    end
  end
  redis.call('HSET', KEYS[1], key, string.format('%.9g %.9g %.0f', clicks, exposure, at))
  redis.call('ZADD', KEYS[2], at, key)
end
local over = redis.call('ZCARD', KEYS[2]) - cap
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #gone, 2 do redis.call('HDEL', KEYS[1], gone[i]) end
end
return 0

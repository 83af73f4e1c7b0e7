-- Counts widget events once per (impressionId, type, item), atomically, all in the {stats} slot.
-- KEYS[1] = totals per headline (hash "id|type" → count); KEYS[2..n] = dedup sets and daily hashes
-- ARGV[1] = dedup TTL (s), ARGV[2] = daily TTL (s); then per item 9 values:
--   dedup key index, dedup member, daily key index, headline id, type letter (i, v, c),
--   daily field prefix ("publisher|outlet"), headline-daily key index, variant-daily key index,
--   variant field prefix ("publisher|variant")
-- A new impression also counts, once per page view, a widget load of its (publisher, outlet)
-- (field "publisher|outlet|w") and a box of its variant (field "publisher|variant|w").
-- Returns: for each item, 1 when counted, 0 when a duplicate
local seenTtl, dayTtl = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
-- Each key's lifetime is set once per call, not once per item: a batch touches few keys many times.
local timed = {}
local function expire(key, ttl)
  if not timed[key] then
    timed[key] = true
    redis.call('EXPIRE', key, ttl)
  end
end
for a = 3, #ARGV, 9 do
  local seenKey = KEYS[tonumber(ARGV[a])]
  local dayKey = KEYS[tonumber(ARGV[a + 2])]
  local headlineKey = KEYS[tonumber(ARGV[a + 6])]
  local variantKey = KEYS[tonumber(ARGV[a + 7])]
  local id, letter, pair, vpair = ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 8]
  if redis.call('SADD', seenKey, ARGV[a + 1]) == 1 then
    expire(seenKey, seenTtl)
    redis.call('HINCRBY', KEYS[1], id .. '|' .. letter, 1)
    redis.call('HINCRBY', dayKey, pair .. '|' .. letter, 1)
    redis.call('HINCRBY', headlineKey, pair .. '|' .. id .. '|' .. letter, 1)
    redis.call('HINCRBY', variantKey, vpair .. '|' .. letter, 1)
    if letter == 'i' then
      if redis.call('SADD', seenKey, 'w|' .. pair) == 1 then
        redis.call('HINCRBY', dayKey, pair .. '|w', 1)
      end
      if redis.call('SADD', seenKey, 'b|' .. vpair) == 1 then
        redis.call('HINCRBY', variantKey, vpair .. '|w', 1)
      end
    end
    expire(dayKey, dayTtl)
    expire(headlineKey, dayTtl)
    expire(variantKey, dayTtl)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out

-- Counts widget events once per (impressionId, type, item), atomically, all in the {stats} slot.
-- KEYS[1] = totals per headline (hash "id|type" → count); KEYS[2..n] = dedup sets and daily hashes
-- ARGV[1] = dedup TTL (s), ARGV[2] = daily TTL (s); then per item 6 values:
--   dedup key index, dedup member, daily key index, headline id, type letter (i, v, c), daily field prefix ("publisher|outlet")
-- Returns: for each item, 1 when counted, 0 when a duplicate
local seenTtl, dayTtl = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for a = 3, #ARGV, 6 do
  local seenKey = KEYS[tonumber(ARGV[a])]
  local dayKey = KEYS[tonumber(ARGV[a + 2])]
  if redis.call('SADD', seenKey, ARGV[a + 1]) == 1 then
    redis.call('EXPIRE', seenKey, seenTtl)
    redis.call('HINCRBY', KEYS[1], ARGV[a + 3] .. '|' .. ARGV[a + 4], 1)
    redis.call('HINCRBY', dayKey, ARGV[a + 5] .. '|' .. ARGV[a + 4], 1)
    redis.call('EXPIRE', dayKey, dayTtl)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out

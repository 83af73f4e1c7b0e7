-- Counts widget events once per (impressionId, type, item), atomically, all in the {stats} slot.
-- KEYS[1] = totals per headline (hash "id|type" → count); KEYS[2..n] = dedup sets and daily hashes
-- ARGV[1] = dedup TTL (s), ARGV[2] = daily TTL (s); then per event 8 values:
--   dedup key index, daily key index, headline-daily key index, variant-daily key index,
--   type letter (i, v, c), publisher, variant, and its items as "id:outlet,id:outlet…" (one argument, not
--   two per item: the caller's encoding of each argument cost more than the script's split; ids and outlets
--   never hold ',' or ':', and an unknown outlet is empty).
-- A new impression also counts, once per page view, a widget load of its (publisher, outlet)
-- (field "publisher|outlet|w") and a box of its variant (field "publisher|variant|w").
-- Returns: for each item in order, "1" when counted, "0" when a duplicate, in one string
local seenTtl, dayTtl = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
-- Each key's lifetime is set once per call, not once per item (a batch touches few keys many times), after
-- its writes: EXPIRE on a key not yet created does nothing.
local timed = {}
local function expire(key, ttl)
  timed[key] = ttl
end
-- Increments are summed per (key, field) and written once each at the end: a batch counts the same few
-- headlines, outlets and variants thousands of times, and one HINCRBY per item held Redis for most of it.
local sums = {}
local function add(key, field)
  local fields = sums[key]
  if not fields then
    fields = {}
    sums[key] = fields
  end
  fields[field] = (fields[field] or 0) + 1
end
local totals = KEYS[1]
local a = 3
while a <= #ARGV do
  local seenKey = KEYS[tonumber(ARGV[a])]
  local dayKey = KEYS[tonumber(ARGV[a + 1])]
  local headlineKey = KEYS[tonumber(ARGV[a + 2])]
  local variantKey = KEYS[tonumber(ARGV[a + 3])]
  local letter, publisher = ARGV[a + 4], ARGV[a + 5]
  local vpair = publisher .. '|' .. ARGV[a + 6]
  local items = ARGV[a + 7]
  a = a + 8
  for id, outlet in string.gmatch(items, '([^,:]*):([^,]*)') do
    local pair = publisher .. '|' .. outlet
    if redis.call('SADD', seenKey, letter .. '|' .. id) == 1 then
      expire(seenKey, seenTtl)
      add(totals, id .. '|' .. letter)
      add(dayKey, pair .. '|' .. letter)
      add(headlineKey, pair .. '|' .. id .. '|' .. letter)
      add(variantKey, vpair .. '|' .. letter)
      if letter == 'i' then
        if redis.call('SADD', seenKey, 'w|' .. pair) == 1 then add(dayKey, pair .. '|w') end
        if redis.call('SADD', seenKey, 'b|' .. vpair) == 1 then add(variantKey, vpair .. '|w') end
      end
      expire(dayKey, dayTtl)
      expire(headlineKey, dayTtl)
      expire(variantKey, dayTtl)
      out[#out + 1] = '1'
    else
      out[#out + 1] = '0'
    end
  end
end
for key, fields in pairs(sums) do
  for field, count in pairs(fields) do
    redis.call('HINCRBY', key, field, count)
  end
end
for key, ttl in pairs(timed) do
  redis.call('EXPIRE', key, ttl)
end
return table.concat(out)

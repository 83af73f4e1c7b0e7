-- Pages through a partner's live headline ids, newest first, after prune of expired ones.
-- KEYS[1] = partner's ids by publishedAt, KEYS[2] = partner's ids by expiresAt
-- ARGV[1] = now (ms), ARGV[2] = cursor score ('' = from the newest), ARGV[3] = cursor id, ARGV[4] = page size
-- Returns: flat [id, score, id, score, ...], at most page size + 1 pairs (one more tells there is a next page)
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
if #expired > 0 then
  redis.call('ZREM', KEYS[1], unpack(expired))
  redis.call('ZREM', KEYS[2], unpack(expired))
end
local want = tonumber(ARGV[4]) + 1
local max = '+inf'
local afterScore = nil
if ARGV[2] ~= '' then
  afterScore = tonumber(ARGV[2])
  max = ARGV[2]
end
local out = {}
local offset = 0
while #out < want * 2 do
  local rows = redis.call('ZREVRANGEBYSCORE', KEYS[1], max, '-inf', 'WITHSCORES', 'LIMIT', offset, 200)
  if #rows == 0 then break end
  for i = 1, #rows, 2 do
    local id, score = rows[i], tonumber(rows[i + 1])
    if afterScore == nil or score < afterScore or (score == afterScore and id < ARGV[3]) then
      out[#out + 1] = id
      out[#out + 1] = rows[i + 1]
      if #out >= want * 2 then break end
    end
  end
  offset = offset + 200
end
return out

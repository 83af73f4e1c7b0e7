-- Releases a lease only if the caller still holds it (compare-and-delete), never another instance's.
-- KEYS[1] = the lease key
-- ARGV[1] = the owner token the caller set
-- Returns: 1 when released, 0 when the lease had expired or belonged to someone else
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0

// One contract for both thumbnail caches: binary round trips, the byte budget with least-recently-used eviction,
// and remembered failures. The Redis one runs on the test Redis under a random prefix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../src/store/keys.js';
import { createRedisClient, type RedisClient } from '../src/store/redis-connection.js';
import { MemoryThumbnailCache, RedisThumbnailCache, type ThumbnailCache } from '../src/store/thumbnails.js';
import { dropPrefix, redisUrl, testPrefix } from './support/harness.js';

const KB = 1024;
const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);

function contract(name: string, make: (options: { maxBytes: number; now: () => number }) => ThumbnailCache) {
  describe(name, () => {
    let clock = 1_000_000;
    const now = () => clock;

    it('round-trips binary thumbnails exactly', async () => {
      const cache = make({ maxBytes: 100 * KB, now });
      const webp = Buffer.from([0x52, 0x49, 0x46, 0x46, 0x00, 0xff, 0x0a, 0x0d, 0x00]);
      await cache.put(new Map([['h1:320.webp', webp]]));
      expect(await cache.get('h1:320.webp')).toEqual(webp);
      expect(await cache.get('h1:480.webp')).toBeUndefined();
    });

    it('keeps within its byte budget, evicting the least recently used first', async () => {
      const cache = make({ maxBytes: 30 * KB, now });
      await cache.put(new Map([['a', bytes(10 * KB, 1)]]));
      clock += 1000;
      await cache.put(new Map([['b', bytes(10 * KB, 2)]]));
      clock += 1000;
      await cache.put(new Map([['c', bytes(10 * KB, 3)]]));
      clock += 1000;
      // A use of "a" makes "b" the least recently used.
      expect(await cache.get('a')).toBeDefined();
      await new Promise((r) => setTimeout(r, 20));
      clock += 1000;
      await cache.put(new Map([['d', bytes(10 * KB, 4)]]));
      expect(await cache.get('b')).toBeUndefined();
      for (const k of ['a', 'c', 'd']) expect((await cache.get(k))?.length).toBe(10 * KB);
      // Replacing an entry counts its bytes once.
      clock += 1000;
      await cache.put(new Map([['d', bytes(10 * KB, 5)]]));
      for (const k of ['a', 'c', 'd']) expect(await cache.get(k)).toBeDefined();
    });

    it('remembers a failure for its TTL', async () => {
      const cache = make({ maxBytes: 10 * KB, now });
      expect(await cache.failure('src1')).toBeUndefined();
      await cache.fail('src1', 'not a readable image', 1);
      expect(await cache.failure('src1')).toBe('not a readable image');
      await new Promise((r) => setTimeout(r, 1100));
      expect(await cache.failure('src1')).toBeUndefined();
    });
  });
}

contract('MemoryThumbnailCache', ({ maxBytes }) => new MemoryThumbnailCache({ maxBytes, ttlSeconds: 3600 }));

describe('RedisThumbnailCache', () => {
  const prefix = testPrefix();
  let redis: RedisClient;

  beforeAll(async () => {
    // The shared connection module registers the cache's script, as in production.
    redis = createRedisClient({ kind: 'single', url: redisUrl() });
    await redis.connect();
  });
  afterAll(async () => {
    await redis?.quit();
    await dropPrefix(prefix);
  });

  let n = 0;
  contract(
    'contract',
    ({ maxBytes, now }) =>
      new RedisThumbnailCache(redis, `${prefix}${n++}:`, { maxBytes, ttlSeconds: 3600, now }),
  );

  it('keeps its byte counter equal to what it holds, and drops entries unused for a whole TTL', async () => {
    let clock = 5_000_000;
    const p = `${prefix}ttl:`;
    const cache = new RedisThumbnailCache(redis, p, {
      maxBytes: 1024 * KB,
      ttlSeconds: 60,
      now: () => clock,
    });
    const keys = createKeys(p).thumbnails;
    await cache.put(new Map([['old', bytes(3 * KB, 1)]]));
    clock += 61_000;
    await cache.put(new Map([['new', bytes(2 * KB, 2)]]));
    expect(Number(await redis.get(keys.bytes))).toBe(2 * KB);
    expect(await redis.zrange(keys.lastUsed, '0', '-1')).toEqual([keys.entry('new')]);
    expect(await redis.ttl(keys.entry('new'))).toBeGreaterThan(50);
  });
});

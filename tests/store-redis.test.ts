import { describe, expect, it } from 'vitest';
import type { StoreChange } from '../src/store/types.js';
import { createTestRedisStore, dropPrefix, testPrefix } from './support/harness.js';
import { headline, storeContract } from './support/store-contract.js';

storeContract('Redis store', async () => {
  const prefix = testPrefix();
  return { store: await createTestRedisStore(prefix), cleanup: () => dropPrefix(prefix) };
});

describe('Redis store across instances', () => {
  it('a change published by one instance reaches another within a second', async () => {
    const prefix = testPrefix();
    const a = await createTestRedisStore(prefix);
    const b = await createTestRedisStore(prefix);
    const received: StoreChange[] = [];
    const unsubscribe = await b.subscribe((c) => received.push(c));
    const h = headline('digi24', 1, Date.now());
    await a.upsertHeadlines('digi24', [h]);
    const sent = Date.now();
    await a.publish({ type: 'headlines.upsert', headlines: [h] });
    while (received.length === 0 && Date.now() - sent < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(received).toEqual([{ type: 'headlines.upsert', headlines: [h] }]);
    unsubscribe();
    await Promise.all([a.close(), b.close()]);
    await dropPrefix(prefix);
  });

  it('writes every key under its prefix', async () => {
    const prefix = testPrefix();
    const store = await createTestRedisStore(prefix);
    await store.upsertHeadlines('digi24', [headline('digi24', 1, Date.now())]);
    const { Redis } = await import('ioredis');
    const { redisUrl } = await import('./support/harness.js');
    const raw = new Redis(redisUrl());
    const keys = await raw.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith(prefix))).toBe(true);
    await raw.quit();
    await store.close();
    await dropPrefix(prefix);
  });

  it('gives every key the events script creates a lifetime (only the per-headline totals are kept)', async () => {
    const prefix = testPrefix();
    const store = await createTestRedisStore(prefix);
    const base = { publisherId: 'evz', day: '2026-12-01' };
    const items = [
      { id: 'a1', partnerId: 'digi24' },
      { id: 'b2', partnerId: 'gsp' },
    ];
    await store.recordEvents([
      { ...base, impressionId: 'pv-t1', type: 'impression', items },
      { ...base, impressionId: 'pv-t1', type: 'click', items: [items[0] ?? { id: '', partnerId: '' }] },
      { ...base, day: '2026-12-02', impressionId: 'pv-t2', type: 'viewable', items },
    ]);
    const { Redis } = await import('ioredis');
    const { redisUrl } = await import('./support/harness.js');
    const raw = new Redis(redisUrl());
    const keys = (await raw.keys(`${prefix}*`)).sort();
    const ttls = await Promise.all(keys.map((k) => raw.ttl(k)));
    const lasting = keys.filter((_, i) => (ttls[i] ?? -1) < 0);
    expect(lasting).toEqual([`${prefix}{stats}:headlines`]);
    expect(keys.filter((k) => k.includes(':day'))).toHaveLength(6);
    expect(keys.filter((k) => k.includes(':seen:'))).toHaveLength(2);
    await raw.quit();
    await store.close();
    await dropPrefix(prefix);
  });
});

describe('Redis rate limits', () => {
  it('a batched limiter spends the same budget, under the same keys, as a per-point one', async () => {
    const prefix = testPrefix();
    const store = await createTestRedisStore(prefix);
    const spec = { name: 'events-client', points: 3, durationSeconds: 60 };
    // A rolling deploy: an instance that spends each point in Redis and one that shares them in batches.
    const perPoint = store.createRateLimiter(spec);
    const batched = store.createRateLimiter({ ...spec, shareEveryMs: 3_600_000 });
    expect([await batched.consume('203.0.113.1'), await batched.consume('203.0.113.1')]).toEqual([
      undefined,
      undefined,
    ]);
    await batched.settle();
    expect([await perPoint.consume('203.0.113.1'), await perPoint.consume('203.0.113.1')]).toEqual([
      undefined,
      expect.any(Number),
    ]);
    const { Redis } = await import('ioredis');
    const { redisUrl } = await import('./support/harness.js');
    const raw = new Redis(redisUrl());
    const key = `${prefix}{rl}:events-client:203.0.113.1`;
    expect(await raw.get(key)).toBe('4');
    expect(await raw.ttl(key)).toBeGreaterThan(0);
    await raw.quit();
    // Closing the store shares what is still unshared.
    await batched.consume('203.0.113.2');
    await store.close();
    const after = new Redis(redisUrl());
    expect(await after.get(`${prefix}{rl}:events-client:203.0.113.2`)).toBe('1');
    await after.quit();
    await dropPrefix(prefix);
  });
});

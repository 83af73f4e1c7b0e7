// Redis goes away and comes back: the widget keeps serving, writes fail fast, nothing accepted is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  createTestContext,
  createTestRedisStore,
  jsonRequest,
  type TestContext,
  testPrefix,
} from './support/harness.js';
import { type RedisProcess, startRedis } from './support/redis-server.js';
import { HEADLINES, seedExchange } from './support/seed.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

describe('Redis outage and recovery', () => {
  let redis: RedisProcess;
  let a: TestContext;
  let b: TestContext;
  let keys: Record<string, string>;
  const prefix = testPrefix();

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
    a = await createTestContext({ store: await createTestRedisStore(prefix, redis.url) });
    b = await createTestContext({ store: await createTestRedisStore(prefix, redis.url) });
    keys = await seedExchange(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('keeps serving widgets, buffers events, fails writes fast with 503, and recovers by itself', async () => {
    const article = `/v1/widget?publisher=evz&url=${encodeURIComponent(HEADLINES.evz?.[0]?.url ?? '')}`;
    await waitFor(async () => (await b.app.request(article)).status === 200);
    const before = (await (await a.app.request(article)).json()) as {
      token: string;
      items: { id: string }[];
    };
    expect(before.items.length).toBe(6);

    await redis.kill();

    // Reads come from each instance's memory.
    for (const ctx of [a, b]) {
      const res = await ctx.app.request(`${article}&title=ceva`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items.length).toBe(6);
    }
    // Events are accepted and kept in memory.
    const ids = before.items.map((i) => i.id);
    const event = await a.app.request('/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER },
      body: JSON.stringify({
        token: before.token,
        type: 'impression',
        items: ids,
        impressionId: 'outage-view-1',
      }),
    });
    expect(event.status).toBe(204);
    await a.services.events.flush();
    expect(a.services.events.pending).toBe(ids.length);

    // Writes need Redis: a fast 503 with Retry-After, never a hang.
    const started = Date.now();
    const push = await a.app.request(
      '/v1/headlines',
      jsonRequest(
        'POST',
        {
          headlines: [
            {
              url: 'https://www.digi24.ro/x-1',
              title: 'În timpul avariei',
              publishedAt: new Date().toISOString(),
            },
          ],
        },
        keys.digi24,
      ),
    );
    expect(push.status).toBe(503);
    expect(push.headers.get('retry-after')).toBeTruthy();
    expect(push.headers.get('content-type')).toContain('application/problem+json');
    const admin = await a.app.request('/v1/admin/partners', {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(admin.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await a.app.request('/ready')).status).toBe(503);

    // Redis returns (AOF replayed): everything recovers without a restart.
    await redis.restart();
    await waitFor(async () => (await a.app.request('/ready')).status === 200);
    await waitFor(async () => {
      await a.services.events.flush();
      return a.services.events.pending === 0;
    });
    const stats = new Map((await a.store.readHeadlineStats()).map((s) => [s.id, s]));
    expect(stats.get(ids[0] ?? '')?.impressions).toBe(1);

    const fresh = {
      url: 'https://www.digi24.ro/stiri/dupa-avarie-2',
      title: 'Serviciul și-a revenit după avaria Redis',
      publishedAt: new Date().toISOString(),
    };
    await waitFor(async () => {
      const res = await a.app.request(
        '/v1/headlines',
        jsonRequest('POST', { headlines: [fresh] }, keys.digi24),
      );
      return res.status === 200;
    });
    // The other instance's change feed reconnects by itself and learns of the new headline.
    await waitFor(async () => b.services.live.index.findByUrl(fresh.url).length === 1);
  });

  it('loses no accepted headline across a Redis crash and a service restart', async () => {
    const before = a.services.live.size;
    await redis.kill();
    await redis.restart();
    const c = await createTestContext({ store: await createTestRedisStore(prefix, redis.url) });
    try {
      expect(c.services.live.size).toBe(before);
      const total = Object.values(HEADLINES).reduce((n, list) => n + list.length, 0) + 1;
      expect(c.services.live.size).toBe(total);
    } finally {
      await c.close();
    }
  });
});

// Several instances on one Redis behave as one service: shared headlines, publishers and counters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createRedisTestContext, jsonRequest, type TestContext } from './support/harness.js';
import { seedExchange } from './support/seed.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function within<T>(ms: number, probe: () => Promise<T | undefined>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, ms: Date.now() - started };
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two instances on one Redis', () => {
  let a: TestContext;
  let b: TestContext;
  let keys: Record<string, string>;
  beforeAll(async () => {
    a = await createRedisTestContext({ services: { answerCacheMs: 0 } });
    b = await createRedisTestContext({ prefix: a.prefix, services: { answerCacheMs: 0 } });
    keys = await seedExchange(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('serves on one instance a headline pushed to the other within a second', async () => {
    const url = 'https://www.gsp.ro/fotbal/liga-1/rapid-victorie-99';
    const push = await a.app.request(
      '/v1/headlines',
      jsonRequest(
        'POST',
        {
          headlines: [
            {
              url,
              title: 'Rapid câștigă derbiul cu Dinamo și urcă pe podium',
              category: 'Liga 1',
              publishedAt: new Date().toISOString(),
            },
          ],
        },
        keys.gsp,
      ),
    );
    expect(push.status).toBe(200);
    const { ms } = await within(1000, async () => {
      const res = await b.app.request(
        `/v1/widget?publisher=evz&title=${encodeURIComponent('Rapid Dinamo derby')}&section=Sport`,
      );
      const body = (await res.json()) as { items: { url: string }[] };
      return body.items.some((i) => i.url === url) ? true : undefined;
    });
    expect(ms).toBeLessThan(1000);
  });

  it('applies a publisher change made on the other instance', async () => {
    await a.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest('PUT', { name: 'EVZ', partnerId: 'evz', limit: 3 }, ADMIN_TOKEN),
    );
    await within(1000, async () => {
      const body = (await (await b.app.request('/v1/widget?publisher=evz')).json()) as { items: unknown[] };
      return body.items.length === 3 ? true : undefined;
    });
  });

  it('adds up counters from both instances and shares the learning signal', async () => {
    const answer = (await (await a.app.request('/v1/widget?publisher=evz')).json()) as {
      token: string;
      items: { id: string }[];
    };
    const id = answer.items[0]?.id ?? '';
    for (const [ctx, view] of [
      [a, 'view-a-0001'],
      [b, 'view-b-0001'],
    ] as const) {
      const res = await ctx.app.request('/v1/events', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER },
        body: JSON.stringify({ token: answer.token, type: 'click', items: [id], impressionId: view }),
      });
      expect(res.status).toBe(204);
      await ctx.services.events.flush();
    }
    const totals = await a.store.readHeadlineStats();
    expect(totals.find((s) => s.id === id)?.clicks).toBe(2);
    // Each instance learns the other's clicks through the change feed.
    await within(1000, async () => (a.services.live.engagement(id)?.clicks === 2 ? true : undefined));
    await within(1000, async () => (b.services.live.engagement(id)?.clicks === 2 ? true : undefined));
  });
});

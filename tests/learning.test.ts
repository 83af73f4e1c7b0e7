// Learning from readers across instances: counters shared through Redis, heard by the other instances,
// loaded by a restarted one, decayed and bounded, and naming no reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learningKeys } from '../src/controls/learning.js';
import {
  ADMIN_TOKEN,
  createRedisTestContext,
  createTestContext,
  jsonRequest,
  type TestContext,
} from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function within<T>(ms: number, probe: () => T | undefined): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('learning shared by instances on one Redis', () => {
  let a: TestContext;
  let b: TestContext;
  beforeAll(async () => {
    a = await createRedisTestContext({ services: { answerCacheMs: 0 } });
    b = await createRedisTestContext({ prefix: a.prefix, services: { answerCacheMs: 0 } });
    await seedExchange(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const report = async (ctx: TestContext, token: string, type: string, items: string[], view: string) => {
    const res = await ctx.app.request('/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER, 'X-Forwarded-For': '203.0.113.7' },
      body: JSON.stringify({ token, type, items, impressionId: view }),
    });
    expect(res.status).toBe(204);
    await ctx.services.events.flush();
  };

  it('learns viewables and clicks once, position-weighted, and every instance hears of it', async () => {
    const res = await a.app.request(
      '/v1/widget?publisher=evz&section=Sport&title=Rapid%20a%20c%C3%A2%C8%99tigat',
    );
    const answer = (await res.json()) as { token: string; items: { id: string }[] };
    const ids = answer.items.map((i) => i.id);
    expect(ids.length).toBeGreaterThan(3);
    await report(a, answer.token, 'viewable', ids, 'learn-view-0001');
    await report(a, answer.token, 'click', [ids[3] ?? ''], 'learn-view-0001');
    // The same events again (a retry): counted once, learned once.
    await report(a, answer.token, 'click', [ids[3] ?? ''], 'learn-view-0001');
    const all = a.services.learning?.counts(learningKeys.all);
    expect(all?.clicks).toBeCloseTo(1, 3);
    // Viewable cards add their position's weight: less than one each below the top.
    expect(all?.exposure).toBeGreaterThan(1);
    expect(all?.exposure).toBeLessThan(ids.length);
    // The other instance hears it through the change feed, without reading the store.
    await within(1000, () =>
      (b.services.learning?.counts(learningKeys.all)?.clicks ?? 0) > 0.99 ? true : undefined,
    );
    expect(b.services.learning?.counts(learningKeys.position(3))?.clicks).toBeCloseTo(1, 3);
  });

  it('is in Redis: a restarted instance starts from it', async () => {
    const c = await createRedisTestContext({ prefix: a.prefix });
    try {
      expect(c.services.learning?.counts(learningKeys.all)?.clicks).toBeCloseTo(1, 3);
    } finally {
      await c.close();
    }
  });

  it('names no reader: only headlines, outlets, categories, contexts and positions', async () => {
    const tallies = await a.store.readLearning();
    expect(tallies.length).toBeGreaterThan(5);
    for (const t of tallies) {
      expect(t.key).toMatch(
        /^(h\|[0-9a-f]{20}\|([0-9a-f]{8}|\*|)|e\|[0-9a-f]{20}\|([0-9a-f]{8})?|k\|[co]:[^|]+\|([0-9a-f]{8})?|x\|([0-9a-f]{8}|\*)?|p\|\d+)$/,
      );
      expect(t.key).not.toContain('203.0.113.7');
      expect(t.key).not.toContain('learn-view');
    }
  });
});

describe('learning switched off', () => {
  it('serves the ranker order and keeps no counters', async () => {
    const ctx = await createRedisTestContext({ env: { LEARNING_ENABLED: 'false' } });
    try {
      await seedExchange(ctx);
      expect(ctx.services.learning).toBeUndefined();
      const res = await ctx.app.request('/v1/widget?publisher=evz');
      expect(res.status).toBe(200);
      expect(await ctx.store.readLearning()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});

describe('what readers click moves relevant headlines up; an experiment variant can do without', () => {
  const article = HEADLINES.evz?.[0]?.url ?? '';
  const readerAddress = (n: number) => `10.0.${(n >>> 8) & 255}.${n & 255}`;

  /** The widget box for the article and the event API, as the embed calls them. */
  const embed = (ctx: TestContext) => ({
    box: async (pv: string) => {
      const res = await ctx.app.request(
        `/v1/widget?publisher=evz&url=${encodeURIComponent(article)}&pv=${pv}`,
      );
      expect(res.status).toBe(200);
      return (await res.json()) as { token: string; items: { id: string }[] };
    },
    send: async (token: string, type: string, items: string[], view: number) => {
      const res = await ctx.app.request('/v1/events', {
        method: 'POST',
        headers: {
          'Content-Type': 'text/plain',
          'User-Agent': BROWSER,
          'X-Forwarded-For': readerAddress(view),
        },
        body: JSON.stringify({ token, type, items, impressionId: `learn-pv-${view}` }),
      });
      expect(res.status).toBe(204);
    },
  });

  it('serves the ranker box before any report, learns a headline readers pick, and a learning: false variant keeps the ranker box', async () => {
    const ctx = await createTestContext({ services: { answerCacheMs: 0 } });
    try {
      await seedExchange(ctx);
      const { box, send } = embed(ctx);
      const ranker = (await box('pageview-first')).items.map((i) => i.id);
      const target = ranker[1] ?? '';
      // Readers click the second card whatever its place; the others they only see.
      for (let v = 0; v < 40; v++) {
        const answer = await box(`pageview-${v}`);
        await send(
          answer.token,
          'viewable',
          answer.items.map((i) => i.id),
          v,
        );
        if (answer.items.some((i) => i.id === target)) await send(answer.token, 'click', [target], v);
        await ctx.services.events.flush();
      }
      expect((await box('pageview-late')).items[0]?.id).toBe(target);
      // Every page view in the variant without learning: the ranker's box, exactly.
      const put = await ctx.app.request(
        '/v1/admin/publishers/evz',
        jsonRequest(
          'PUT',
          {
            name: 'EVZ',
            partnerId: 'evz',
            experiment: {
              name: 'learning-off',
              variants: [
                { name: 'ranker', weight: 1, learning: false },
                { name: 'learning', weight: 0 },
              ],
            },
          },
          ADMIN_TOKEN,
        ),
      );
      expect(put.status).toBe(200);
      expect((await box('pageview-control')).items.map((i) => i.id)).toEqual(ranker);
    } finally {
      await ctx.close();
    }
  });

  it('orders the box by what each card is expected to earn: the most clicked on top, the next one below it', async () => {
    const ctx = await createTestContext({ services: { answerCacheMs: 0 } });
    try {
      await seedExchange(ctx);
      const { box, send } = embed(ctx);
      const ranker = (await box('pageview-order-first')).items.map((i) => i.id);
      // Readers click the ranker's third card on every view and its second on every third view.
      const [often, sometimes] = [ranker[2] ?? '', ranker[1] ?? ''];
      for (let v = 0; v < 60; v++) {
        const answer = await box(`pageview-order-${v}`);
        const ids = answer.items.map((i) => i.id);
        await send(answer.token, 'viewable', ids, 1000 + v);
        const clicked = [often, ...(v % 3 === 0 ? [sometimes] : [])].filter((id) => ids.includes(id));
        for (const id of clicked) await send(answer.token, 'click', [id], 1000 + v);
        await ctx.services.events.flush();
      }
      expect((await box('pageview-order-late')).items.slice(0, 2).map((i) => i.id)).toEqual([
        often,
        sometimes,
      ]);
    } finally {
      await ctx.close();
    }
  });
});

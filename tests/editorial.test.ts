import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  auth,
  createRedisTestContext,
  jsonRequest,
  type TestContext,
} from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

interface Item {
  id: string;
  url: string;
  outlet: { id: string };
}

const ARTICLE = HEADLINES.evz?.[0]?.url ?? '';
const QUERY = `publisher=evz&url=${encodeURIComponent(ARTICLE)}`;
const HALEP = HEADLINES.prosport?.[1]?.url ?? '';

/** A fixed random source: the ranking's exploration is the same on every call. */
const steady = () => 0.5;

async function items(ctx: TestContext, query = QUERY): Promise<Item[]> {
  const res = await ctx.app.request(`/v1/widget?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

async function putRules(ctx: TestContext, rules: unknown, publisher = 'evz') {
  return ctx.app.request(`/v1/admin/publishers/${publisher}/rules`, jsonRequest('PUT', rules, ADMIN_TOKEN));
}

function perOutlet(list: Item[]): number {
  const n = new Map<string, number>();
  for (const i of list) n.set(i.outlet.id, (n.get(i.outlet.id) ?? 0) + 1);
  return Math.max(0, ...n.values());
}

describe.each(STORES)('editorial rules on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('blocks a headline by URL or id: it leaves the box and the box stays full', async () => {
    ctx = await createContext({ services: { random: steady, answerCacheMs: 60_000 } });
    await seedExchange(ctx);
    const before = await items(ctx);
    const [first, second] = before as [Item, Item];
    expect((await putRules(ctx, { blocks: [{ url: first.url }, { id: second.id }] })).status).toBe(200);
    // The cached answer was dropped when the rules changed.
    const after = await items(ctx);
    expect(after.map((i) => i.id)).not.toContain(first.id);
    expect(after.map((i) => i.id)).not.toContain(second.id);
    expect(after).toHaveLength(before.length);
    expect(perOutlet(after)).toBeLessThanOrEqual(2);
    // A block that has ended no longer applies.
    const past = { from: '2020-01-01T00:00:00Z', until: '2020-01-02T00:00:00Z' };
    await putRules(ctx, { blocks: [{ url: first.url, ...past }] });
    expect((await items(ctx)).map((i) => i.id)).toContain(first.id);
  });

  it('pins a headline to a position for a time window, within the box rules', async () => {
    ctx = await createContext({ services: { random: steady, answerCacheMs: 0 } });
    await seedExchange(ctx);
    const before = await items(ctx);
    expect(before.map((i) => i.url)).not.toContain(HALEP);
    const now = Date.now();
    const window = {
      from: new Date(now - 3600_000).toISOString(),
      until: new Date(now + 3600_000).toISOString(),
    };
    const own = HEADLINES.evz?.[0]?.url;
    const res = await putRules(ctx, {
      pins: [
        { url: HALEP, position: 1, ...window },
        { url: before[4]?.url, position: 2 },
        { url: own, position: 3 },
      ],
    });
    expect(res.status).toBe(200);
    const after = await items(ctx);
    expect(after[0]?.url).toBe(HALEP);
    expect(after[1]?.id).toBe(before[4]?.id);
    // The publisher's own outlet (and the article itself) stay out even when pinned.
    expect(after.some((i) => i.outlet.id === 'evz')).toBe(false);
    expect(after).toHaveLength(before.length);
    expect(new Set(after.map((i) => i.id)).size).toBe(after.length);
    expect(perOutlet(after)).toBeLessThanOrEqual(2);
    // Outside its window the pin does nothing.
    await putRules(ctx, {
      pins: [{ url: HALEP, position: 1, from: new Date(now + 3600_000).toISOString() }],
    });
    expect((await items(ctx)).map((i) => i.url)).not.toContain(HALEP);
    // Respecting maxPerOutlet: three pins of one outlet place two.
    const digi = (HEADLINES.digi24 ?? []).map((h, i) => ({ url: h.url, position: i + 1 }));
    await putRules(ctx, { pins: digi.slice(0, 3) });
    const capped = await items(ctx);
    expect(capped.filter((i) => i.outlet.id === 'digi24')).toHaveLength(2);
    expect(capped.slice(0, 2).map((i) => i.url)).toEqual(digi.slice(0, 2).map((p) => p.url));
  });

  it('boosts and buries a partner or a headline among comparably relevant items', async () => {
    ctx = await createContext({ services: { random: steady, answerCacheMs: 0 } });
    await seedExchange(ctx);
    const before = await items(ctx);
    const top = before[0] as Item;
    expect((await putRules(ctx, { boosts: [{ partnerId: top.outlet.id, factor: 0.01 }] })).status).toBe(200);
    const buried = await items(ctx);
    expect(buried[0]?.outlet.id).not.toBe(top.outlet.id);
    // Behind every comparably relevant item of other outlets, or out of the box.
    expect(buried.findIndex((i) => i.id === top.id)).not.toBe(0);
    expect(buried).toHaveLength(before.length);

    // Boost the second relevant item's headline: it comes first.
    const second = before[1] as Item;
    await putRules(ctx, { boosts: [{ id: second.id, factor: 50 }] });
    expect((await items(ctx))[0]?.id).toBe(second.id);
    await putRules(ctx, { boosts: [{ partnerId: second.outlet.id, factor: 50 }] });
    expect((await items(ctx))[0]?.outlet.id).toBe(second.outlet.id);

    // Without rules the ranker's answer is unchanged.
    await putRules(ctx, {});
    expect((await items(ctx)).map((i) => i.id)).toEqual(before.map((i) => i.id));
  });

  it('validates rules and keeps them readable', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const bad = [
      { pins: [{ position: 1 }] },
      { pins: [{ id: '0123456789abcdef0123', url: HALEP, position: 1 }] },
      { pins: [{ url: HALEP, position: 0 }] },
      { pins: [{ url: HALEP, position: 1, from: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' }] },
      { boosts: [{ partnerId: 'gsp', factor: 0 }] },
      { boosts: [{ partnerId: 'nobody', factor: 2 }] },
      { blocks: [{ url: 'javascript:alert(1)' }] },
      { other: [] },
    ];
    for (const body of bad) {
      const res = await putRules(ctx, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await putRules(ctx, {}, 'nobody')).status).toBe(404);
    const empty = await ctx.app.request('/v1/admin/publishers/evz/rules', auth(ADMIN_TOKEN));
    expect(await empty.json()).toMatchObject({
      rules: { publisherId: 'evz', pins: [], boosts: [], blocks: [] },
    });
    const rules = {
      boosts: [{ partnerId: 'gsp', factor: 2 }],
      blocks: [{ url: `${HALEP}?utm_source=x#top` }],
    };
    expect((await putRules(ctx, rules)).status).toBe(200);
    const got = await ctx.app.request('/v1/admin/publishers/evz/rules', auth(ADMIN_TOKEN));
    expect(await got.json()).toMatchObject({
      rules: { boosts: [{ partnerId: 'gsp', factor: 2 }], blocks: [{ url: HALEP }], pins: [] },
    });
    expect((await ctx.app.request('/v1/admin/publishers/evz/rules')).status).toBe(401);
  });
});

describe('editorial rules across instances', () => {
  it('a rule set on one instance applies on another within a second', async () => {
    const a = await createRedisTestContext({ services: { random: steady, answerCacheMs: 60_000 } });
    const b = await createRedisTestContext({
      prefix: a.prefix ?? '',
      services: { random: steady, answerCacheMs: 60_000 },
    });
    try {
      await seedExchange(a);
      await new Promise((r) => setTimeout(r, 300));
      const before = await items(b);
      const first = before[0] as Item;
      expect((await putRules(a, { blocks: [{ id: first.id }] })).status).toBe(200);
      const started = Date.now();
      let after = await items(b);
      while (after.some((i) => i.id === first.id) && Date.now() - started < 3000) {
        await new Promise((r) => setTimeout(r, 25));
        after = await items(b);
      }
      expect(after.map((i) => i.id)).not.toContain(first.id);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

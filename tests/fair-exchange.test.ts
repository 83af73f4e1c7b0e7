import { afterEach, describe, expect, it } from 'vitest';
import { type ExchangeFlow, fairFactor, imbalance } from '../src/controls/balances.js';
import { WidgetControls } from '../src/controls/controls.js';
import type { Publisher } from '../src/domain.js';
import { HeadlineIndex } from '../src/ranking/index.js';
import { bucharestDay } from '../src/shared/calendar.js';
import {
  type EvalHost,
  type EvalSet,
  evaluate,
  hostQuery,
  K,
  loadEvalSet,
  MAX_PER_OUTLET,
} from './fixtures/eval/harness.js';
import { ADMIN_TOKEN, auth, jsonRequest, type TestContext } from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

/** The widget's own path (controls.plan → index.rank → plan.finish) on an eval set, with given balances. */
function widgetRanker(set: EvalSet, fair: boolean, flows: () => ReadonlyMap<string, ExchangeFlow>) {
  const index = new HeadlineIndex({ halfLifeHours: 24 });
  for (const h of set.headlines) index.upsert(h);
  const controls = new WidgetControls({
    rules: { get: () => undefined },
    balances: { flow: (id) => flows().get(id) },
    live: { index, headline: (id) => index.get(id) },
    halfLifeHours: 24,
    categoryHalfLifeHours: {},
  });
  return (host: EvalHost, nowMs: number): string[] => {
    const publisher: Publisher = {
      id: `${host.outlet}-site`,
      name: host.outlet,
      partnerId: host.outlet,
      title: 'Citește și',
      limit: K,
      maxPerOutlet: MAX_PER_OUTLET,
      excludePartners: [],
      excludeCategories: [],
      fairExchange: fair,
      updatedAt: set.now,
    };
    const q = hostQuery(host, nowMs);
    const plan = controls.plan(publisher, 0, q);
    const ranked = index.rank(q);
    return (plan ? plan.finish(ranked) : ranked.map((r) => r.headline)).map((h) => h.id);
  };
}

/**
 * Every host article is a page of its outlet; each round every page shows its box once and readers click
 * with a position-dependent rate (expected clicks, no noise). Balances are re-read after each round,
 * as every instance does from the store.
 */
function simulate(set: EvalSet, fair: boolean, rounds = 30) {
  const nowMs = Date.parse(set.now);
  const outletOf = new Map(set.headlines.map((h) => [h.id, h.partnerId]));
  const flows = new Map<string, ExchangeFlow>();
  const flow = (id: string) => {
    let f = flows.get(id);
    if (!f) {
      f = { sent: 0, received: 0 };
      flows.set(id, f);
    }
    return f;
  };
  let snapshot: ReadonlyMap<string, ExchangeFlow> = new Map();
  const rank = widgetRanker(set, fair, () => snapshot);
  for (let round = 0; round < rounds; round++) {
    for (const host of set.hosts) {
      rank(host, nowMs).forEach((id, position) => {
        const outlet = outletOf.get(id);
        if (outlet === undefined) return;
        const clicks = 0.05 / (1 + 0.4 * position);
        flow(host.outlet).sent += clicks;
        flow(outlet).received += clicks;
      });
    }
    snapshot = new Map([...flows].map(([id, f]) => [id, { ...f }]));
  }
  return { imbalance: imbalance(flows.values()), flows: snapshot };
}

describe('fair exchange, simulated on the relevance fixtures', () => {
  for (const file of ['./set-a.json', './set-b.json']) {
    it(`reduces the imbalance between partners without lowering precision@${K} (${file})`, () => {
      const set = loadEvalSet(file);
      const off = simulate(set, false);
      const on = simulate(set, true);
      expect(on.imbalance).toBeLessThan(off.imbalance);
      if (file === './set-a.json') expect(on.imbalance).toBeLessThan(0.9 * off.imbalance);

      // Precision with fair exchange on, under the strongest imbalance the simulation produced.
      const plain = evaluate(set, (s) => widgetRanker(s, false, () => new Map()));
      const fair = evaluate(set, (s) => widgetRanker(s, true, () => off.flows));
      expect(fair.precision).toBeGreaterThanOrEqual(plain.precision);
      expect(fair).toMatchObject({ ownOutlet: 0, self: 0, expired: 0, overOutlet: 0 });
      // It did move something: some answers differ.
      expect(fair.perHost.some((h, i) => h.shown.join() !== plain.perHost[i]?.shown.join())).toBe(true);
    });
  }

  it('nudges within bounds: deficits up, surpluses down, no data unchanged', () => {
    expect(fairFactor(undefined)).toBe(1);
    expect(fairFactor({ sent: 0, received: 0 })).toBe(1);
    const deficit = fairFactor({ sent: 1000, received: 0 });
    const surplus = fairFactor({ sent: 0, received: 1000 });
    expect(deficit).toBeGreaterThan(1);
    expect(surplus).toBeLessThan(1);
    expect(deficit).toBeLessThan(Math.exp(0.5) + 1e-9);
    expect(surplus).toBeGreaterThan(Math.exp(-0.5) - 1e-9);
    // A handful of clicks barely moves anything.
    expect(fairFactor({ sent: 3, received: 0 })).toBeLessThan(1.1);
  });
});

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe.each(STORES)('fair exchange through the widget on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('moves a partner in deficit up in a fair publisher box and shows it in the exchange report', async () => {
    // 60 readers, each from its own address (one address may name only a few page views per token).
    ctx = await createContext({
      env: { TRUST_PROXY: 'true' },
      services: { random: () => 0.5, answerCacheMs: 0 },
    });
    await seedExchange(ctx);
    // mediafax's own site sends many clicks to evz's and digi24's headlines and gets nothing back.
    const site = await ctx.app.request(
      '/v1/admin/publishers/mediafax-site',
      jsonRequest(
        'PUT',
        { name: 'Mediafax', partnerId: 'mediafax', includePartners: ['evz', 'digi24'] },
        ADMIN_TOKEN,
      ),
    );
    expect(site.status).toBe(200);
    const title = encodeURIComponent('Putin, Xi Jinping și Rusia: garanții de securitate');
    for (let v = 0; v < 60; v++) {
      const res = await ctx.app.request(`/v1/widget?publisher=mediafax-site&title=${title}`);
      const a = (await res.json()) as { token: string; items: { id: string }[] };
      const impressionId = `mediafax-reader-${v}`;
      for (const type of ['impression', 'click'] as const) {
        const sent = await ctx.app.request('/v1/events', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': BROWSER,
            'X-Forwarded-For': `10.0.0.${v}`,
          },
          body: JSON.stringify({
            token: a.token,
            type,
            items: [a.items[v % a.items.length]?.id],
            impressionId,
          }),
        });
        expect(sent.status).toBe(204);
      }
    }
    await ctx.services.events.flush();
    await ctx.services.balances.refresh();
    expect(ctx.services.balances.flow('mediafax')).toEqual({ sent: 60, received: 0 });

    const article = `publisher=evz&url=${encodeURIComponent(HEADLINES.evz?.[0]?.url ?? '')}`;
    const positions = async () => {
      const res = await ctx.app.request(`/v1/widget?${article}`);
      const items = ((await res.json()) as { items: { outlet: { id: string } }[] }).items;
      return items.flatMap((i, pos) => (i.outlet.id === 'mediafax' ? [pos] : []));
    };
    const before = await positions();
    const put = await ctx.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest('PUT', { name: 'EVZ', partnerId: 'evz', fairExchange: true }, ADMIN_TOKEN),
    );
    expect(((await put.json()) as { publisher: Publisher }).publisher.fairExchange).toBe(true);
    const after = await positions();
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(after[0] ?? 99).toBeLessThan(before[0] ?? 99);

    const today = bucharestDay(Date.now());
    const report = await ctx.app.request(
      `/v1/admin/reports/exchange?from=${today}&to=${today}`,
      auth(ADMIN_TOKEN),
    );
    const body = (await report.json()) as {
      partners: { id: string; balance: number; fairExchange: boolean }[];
      imbalance: number;
    };
    expect(body.partners.find((p) => p.id === 'mediafax')).toMatchObject({
      balance: -60,
      fairExchange: false,
    });
    expect(body.partners.find((p) => p.id === 'evz')?.fairExchange).toBe(true);
    expect(body.imbalance).toBe(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { wilson } from '../src/reports/stats.js';
import { bucharestDay } from '../src/shared/calendar.js';
import { ADMIN_TOKEN, auth, jsonRequest, type TestContext } from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

const ARTICLE = HEADLINES.evz?.[0]?.url ?? '';
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const EXPERIMENT = {
  name: 'fair-vs-control',
  variants: [
    { name: 'control', weight: 50 },
    { name: 'fair', weight: 50, fairExchange: true, halfLifeHours: 12 },
  ],
};

describe.each(STORES)('experiments on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  async function answer(pv?: string) {
    const q = `publisher=evz&url=${encodeURIComponent(ARTICLE)}${pv ? `&pv=${pv}` : ''}`;
    const res = await ctx.app.request(`/v1/widget?${q}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; items: { id: string }[] };
    const token = ctx.services.signer.verify(body.token, Date.now());
    return { ...body, variant: token?.variant ?? -1 };
  }

  /** Each page view is a reader of its own address (one address may name only a few page views per token). */
  const readerAddress = (impressionId: string) => {
    const h = [...impressionId].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) >>> 0, 7);
    return `10.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${h & 255}`;
  };

  async function send(token: string, type: string, items: string[], impressionId: string) {
    const res = await ctx.app.request('/v1/events', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': BROWSER,
        'X-Forwarded-For': readerAddress(impressionId),
      },
      body: JSON.stringify({ token, type, items, impressionId }),
    });
    expect(res.status).toBe(204);
  }

  it('assigns a variant per page view, records it in the token and validates experiments', async () => {
    ctx = await createContext({ services: { answerCacheMs: 0 } });
    await seedExchange(ctx, { experiment: EXPERIMENT });
    const got = await ctx.app.request('/v1/admin/publishers/evz', auth(ADMIN_TOKEN));
    expect(((await got.json()) as { publisher: unknown }).publisher).toMatchObject({
      experiment: EXPERIMENT,
    });
    for (const pv of ['pageview-aaaa', 'pageview-bbbb', 'pageview-cccc']) {
      const first = await answer(pv);
      expect([1, 2]).toContain(first.variant);
      for (let i = 0; i < 3; i++) expect((await answer(pv)).variant).toBe(first.variant);
    }
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) seen.add((await answer(`pageview-${i}-x`)).variant);
    expect(seen).toEqual(new Set([1, 2]));
    const drawn = new Set<number>();
    for (let i = 0; i < 40; i++) drawn.add((await answer()).variant);
    expect(drawn).toEqual(new Set([1, 2]));

    const bad = [
      { name: 'x', variants: [{ name: 'only', weight: 1 }] },
      {
        name: 'x',
        variants: [
          { name: 'a', weight: 1 },
          { name: 'a', weight: 1 },
        ],
      },
      {
        name: 'x',
        variants: [
          { name: 'a', weight: 0 },
          { name: 'b', weight: 0 },
        ],
      },
      {
        name: 'x',
        variants: [
          { name: 'a', weight: 1 },
          { name: 'b', weight: 1, halfLifeHours: 0 },
        ],
      },
    ];
    for (const experiment of bad) {
      const res = await ctx.app.request(
        '/v1/admin/publishers/evz',
        jsonRequest('PUT', { name: 'EVZ', partnerId: 'evz', experiment }, ADMIN_TOKEN),
      );
      expect(res.status, JSON.stringify(experiment)).toBe(400);
    }
    expect((await ctx.app.request(`/v1/widget?publisher=evz&pv=short`)).status).toBe(400);
  });

  it('counts events per variant and reports CTR and viewability with 95 % intervals and p-values', async () => {
    ctx = await createContext({ env: { TRUST_PROXY: 'true' }, services: { answerCacheMs: 0 } });
    await seedExchange(ctx, { experiment: EXPERIMENT });
    const sent = new Map<number, { views: number; impressions: number; viewable: number; clicks: number }>();
    for (let v = 0; v < 240; v++) {
      const pv = `pageview-${String(v).padStart(5, '0')}`;
      const a = await answer(pv);
      const ids = a.items.map((i) => i.id);
      const s = sent.get(a.variant) ?? { views: 0, impressions: 0, viewable: 0, clicks: 0 };
      s.views++;
      s.impressions += ids.length;
      await send(a.token, 'impression', ids, pv);
      await send(a.token, 'impression', ids, pv);
      const seenIds = ids.slice(0, a.variant === 2 ? 4 : 2);
      s.viewable += seenIds.length;
      await send(a.token, 'viewable', seenIds, pv);
      // The "fair" variant gets many more clicks: a real win, far beyond noise.
      if (a.variant === 2 ? v % 2 === 0 : v % 10 === 0) {
        s.clicks++;
        await send(a.token, 'click', [ids[0] ?? ''], pv);
      }
      sent.set(a.variant, s);
    }
    await ctx.services.events.flush();
    const today = bucharestDay(Date.now());
    const res = await ctx.app.request(
      `/v1/admin/reports/experiment?publisher=evz&from=${today}&to=${today}`,
      auth(ADMIN_TOKEN),
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      experiment: string;
      variants: {
        variant: number;
        name: string;
        widgetLoads: number;
        impressions: number;
        viewable: number;
        clicks: number;
        ctr: { value: number; low: number; high: number };
        viewabilityRate: { value: number; low: number; high: number };
        vsControl?: { ctrPValue: number; viewabilityPValue: number; significant: boolean };
      }[];
    };
    expect(report.experiment).toBe('fair-vs-control');
    expect(report.variants.map((v) => v.name)).toEqual(['control', 'fair']);
    for (const row of report.variants) {
      const s = sent.get(row.variant);
      expect(s).toBeDefined();
      expect(row).toMatchObject({
        widgetLoads: s?.views,
        impressions: s?.impressions,
        viewable: s?.viewable,
        clicks: s?.clicks,
      });
      const ctr = wilson(row.clicks, row.impressions);
      expect(row.ctr.value).toBeCloseTo(ctr.value, 5);
      expect(row.ctr.low).toBeCloseTo(ctr.low, 5);
      expect(row.ctr.high).toBeCloseTo(ctr.high, 5);
      expect(row.ctr.low).toBeLessThan(row.ctr.value);
      expect(row.ctr.high).toBeGreaterThan(row.ctr.value);
    }
    const [control, fair] = report.variants;
    expect(control?.vsControl).toBeUndefined();
    expect(fair?.vsControl?.ctrPValue).toBeLessThan(0.001);
    expect(fair?.vsControl?.viewabilityPValue).toBeLessThan(0.001);
    expect(fair?.vsControl?.significant).toBe(true);
    expect(fair?.ctr.low).toBeGreaterThan(control?.ctr.high ?? 1);

    const csv = await ctx.app.request(
      `/v1/admin/reports/experiment?publisher=evz&from=${today}&to=${today}&format=csv`,
      auth(ADMIN_TOKEN),
    );
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'variant,name,weight,widgetLoads,impressions,viewable,clicks,ctr,ctrLow,ctrHigh,viewabilityRate,viewabilityLow,viewabilityHigh,ctrPValue,viewabilityPValue,significant',
    );
    expect(lines).toHaveLength(3);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { DailyRow } from '../src/reports/service.js';
import { addDays, bucharestDay, bucharestMidnight } from '../src/shared/calendar.js';
import { ADMIN_TOKEN, auth, jsonRequest, type TestContext } from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

interface Item {
  id: string;
  url: string;
  title: string;
  outlet: { id: string };
}
interface Answer {
  token: string;
  items: Item[];
}
type Row = DailyRow;

const ARTICLE = HEADLINES.evz?.[0]?.url ?? '';
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Today's Europe/Bucharest midnight (the real one: seeded headlines are relative to the real clock). */
const TODAY = bucharestDay(Date.now());
const YESTERDAY = addDays(TODAY, -1);
const MIDNIGHT = bucharestMidnight(TODAY);

function clock() {
  let t = Date.now();
  return { now: () => t, set: (ms: number) => (t = ms) };
}

async function answer(ctx: TestContext, query = `publisher=evz&url=${encodeURIComponent(ARTICLE)}`) {
  const res = await ctx.app.request(`/v1/widget?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

async function send(
  ctx: TestContext,
  body: { token: string; type: string; items: string[]; impressionId?: string },
  userAgent = BROWSER,
) {
  const res = await ctx.app.request('/v1/events', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'User-Agent': userAgent },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(204);
}

async function report<T>(ctx: TestContext, path: string, token = ADMIN_TOKEN): Promise<T> {
  await ctx.services.events.flush();
  const res = await ctx.app.request(path, auth(token));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

/** Expected daily rows from what was sent: one box per page view, cards counted once. */
function expectedRows(
  date: string,
  items: Item[],
  seen: { viewable: string[]; clicks: string[] },
  publisher = 'evz',
): Row[] {
  const byOutlet = new Map<string, Row>();
  for (const item of items) {
    const o = item.outlet.id;
    const row = byOutlet.get(o) ?? {
      date,
      publisher,
      outlet: o,
      widgetLoads: 1,
      impressions: 0,
      viewable: 0,
      clicks: 0,
      ctr: 0,
      viewabilityRate: 0,
    };
    row.impressions++;
    if (seen.viewable.includes(item.id)) row.viewable++;
    if (seen.clicks.includes(item.id)) row.clicks++;
    byOutlet.set(o, row);
  }
  return [...byOutlet.values()].map((r) => ({
    ...r,
    ctr: Math.round((r.clicks / r.impressions) * 1e4) / 1e4,
    viewabilityRate: Math.round((r.viewable / r.impressions) * 1e4) / 1e4,
  }));
}

const sortRows = (rows: Row[]) =>
  [...rows].sort((a, b) =>
    `${a.date}${a.publisher}${a.outlet}`.localeCompare(`${b.date}${b.publisher}${b.outlet}`),
  );

/** Page views on both sides of Bucharest midnight; returns what each day should report. */
async function trafficAroundMidnight(ctx: TestContext, time: ReturnType<typeof clock>) {
  time.set(MIDNIGHT - 90_000);
  const a = await answer(ctx);
  const ids = a.items.map((i) => i.id);
  const [first, second, third] = ids as [string, string, string];
  await send(ctx, { token: a.token, type: 'impression', items: ids, impressionId: 'pageview-0001' });
  await send(ctx, { token: a.token, type: 'impression', items: ids, impressionId: 'pageview-0001' });
  await send(ctx, {
    token: a.token,
    type: 'viewable',
    items: [first, second],
    impressionId: 'pageview-0001',
  });
  await send(ctx, { token: a.token, type: 'viewable', items: [first], impressionId: 'pageview-0001' });
  await send(ctx, { token: a.token, type: 'click', items: [first], impressionId: 'pageview-0001' });
  await send(ctx, { token: a.token, type: 'click', items: [first], impressionId: 'pageview-0001' });
  // A crawler's events never count.
  await send(ctx, { token: a.token, type: 'impression', items: ids, impressionId: 'crawler-0001' }, BOT);
  await send(ctx, { token: a.token, type: 'click', items: [third], impressionId: 'crawler-0001' }, BOT);
  const bot = await ctx.app.request(`/r/${a.token}/${third}`, { headers: { 'User-Agent': BOT } });
  expect(bot.status).toBe(302);
  await ctx.services.events.flush();

  // Two minutes later it is another day in Bucharest.
  time.set(MIDNIGHT + 30_000);
  const b = await answer(ctx);
  const idsB = b.items.map((i) => i.id);
  await send(ctx, { token: b.token, type: 'impression', items: idsB, impressionId: 'pageview-0002' });
  const click = await ctx.app.request(`/r/${b.token}/${idsB[1]}`, { headers: { 'User-Agent': BROWSER } });
  expect(click.status).toBe(302);
  await ctx.app.request(`/r/${b.token}/${idsB[1]}`, { headers: { 'User-Agent': BROWSER } });
  await ctx.services.events.flush();
  return {
    a,
    b,
    rows: [
      ...expectedRows(YESTERDAY, a.items, { viewable: [first, second], clicks: [first] }),
      ...expectedRows(TODAY, b.items, { viewable: [], clicks: [idsB[1] ?? ''] }),
    ],
  };
}

describe.each(STORES)('reports on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('counts what was sent, per Europe/Bucharest day: duplicates once, bots never', async () => {
    const time = clock();
    ctx = await createContext({ services: { now: time.now } });
    await seedExchange(ctx);
    const { rows } = await trafficAroundMidnight(ctx, time);
    const got = await report<{ from: string; to: string; rows: Row[] }>(
      ctx,
      `/v1/admin/reports/daily?from=${YESTERDAY}&to=${TODAY}`,
    );
    expect(got.from).toBe(YESTERDAY);
    expect(sortRows(got.rows)).toEqual(sortRows(rows));
    const yesterday = got.rows.filter((r) => r.date === YESTERDAY);
    expect(yesterday.reduce((n, r) => n + r.clicks, 0)).toBe(1);
    expect(yesterday.reduce((n, r) => n + r.viewable, 0)).toBe(2);

    // Filters and a one-day range.
    const one = await report<{ rows: Row[] }>(
      ctx,
      `/v1/admin/reports/daily?from=${TODAY}&to=${TODAY}&outlet=${rows[0]?.outlet}`,
    );
    expect(one.rows.every((r) => r.date === TODAY && r.outlet === rows[0]?.outlet)).toBe(true);
    const none = await report<{ rows: Row[] }>(ctx, `/v1/admin/reports/daily?publisher=nobody`);
    expect(none.rows).toEqual([]);
  });

  it('shows a partner only the rows where it is the outlet or owns the page, and its own balance', async () => {
    const time = clock();
    ctx = await createContext({ services: { now: time.now } });
    const keys = await seedExchange(ctx);
    // A second publisher, owned by digi24, whose readers click through to evz.
    const put = await ctx.app.request(
      '/v1/admin/publishers/digi24-site',
      jsonRequest('PUT', { name: 'Digi24', partnerId: 'digi24', includePartners: ['evz'] }, ADMIN_TOKEN),
    );
    expect(put.status).toBe(200);
    const { rows } = await trafficAroundMidnight(ctx, time);
    const d = await answer(ctx, `publisher=digi24-site&title=${encodeURIComponent('Putin Xi Jinping')}`);
    expect(d.items.map((i) => i.outlet.id)).toEqual(['evz']);
    await send(ctx, {
      token: d.token,
      type: 'impression',
      items: [d.items[0]?.id ?? ''],
      impressionId: 'pageview-digi',
    });
    await send(ctx, {
      token: d.token,
      type: 'click',
      items: [d.items[0]?.id ?? ''],
      impressionId: 'pageview-digi',
    });

    const range = `from=${YESTERDAY}&to=${TODAY}`;
    const digi = await report<{ rows: Row[] }>(ctx, `/v1/reports/daily?${range}`, keys.digi24);
    expect(digi.rows.length).toBeGreaterThan(0);
    expect(digi.rows.every((r) => r.outlet === 'digi24' || r.publisher === 'digi24-site')).toBe(true);
    expect(digi.rows.some((r) => r.publisher === 'digi24-site' && r.outlet === 'evz' && r.clicks === 1)).toBe(
      true,
    );
    const evz = await report<{ rows: Row[] }>(ctx, `/v1/reports/daily?${range}`, keys.evz);
    expect(sortRows(evz.rows.filter((r) => r.publisher === 'evz'))).toEqual(sortRows(rows));

    interface Exchange {
      partners: { id: string; clicksSent: number; clicksReceived: number; balance: number }[];
      imbalance?: number;
    }
    const all = await report<Exchange>(ctx, `/v1/admin/reports/exchange?${range}`);
    const totalClicks = rows.reduce((n, r) => n + r.clicks, 0);
    const evzRow = all.partners.find((p) => p.id === 'evz');
    expect(evzRow).toMatchObject({ clicksSent: totalClicks, clicksReceived: 1, balance: 1 - totalClicks });
    const digiRow = all.partners.find((p) => p.id === 'digi24');
    const toDigi = rows.filter((r) => r.outlet === 'digi24').reduce((n, r) => n + r.clicks, 0);
    expect(digiRow).toMatchObject({ clicksSent: 1, clicksReceived: toDigi, balance: toDigi - 1 });
    expect(all.partners.reduce((n, p) => n + p.balance, 0)).toBe(0);
    expect(all.imbalance).toBeGreaterThan(0);
    const own = await report<Exchange>(ctx, `/v1/reports/exchange?${range}`, keys.digi24);
    expect(own.partners).toEqual([digiRow]);
    expect(own.imbalance).toBeUndefined();
  });

  it('lists top headlines with editorial flags, and every report as RFC 4180 CSV', async () => {
    const time = clock();
    ctx = await createContext({ services: { now: time.now } });
    await seedExchange(ctx);
    const { a, b } = await trafficAroundMidnight(ctx, time);
    const first = a.items[0] as Item;
    const shownTwice = b.items.some((i) => i.id === first.id);
    const clickedTwice = b.items[1]?.id === first.id;
    const pin = await ctx.app.request(
      '/v1/admin/publishers/evz/rules',
      jsonRequest(
        'PUT',
        { pins: [{ id: first.id, position: 1 }], boosts: [{ partnerId: 'gsp', factor: 0.5 }] },
        ADMIN_TOKEN,
      ),
    );
    expect(pin.status).toBe(200);
    const top = await report<{ headlines: Record<string, unknown>[] }>(
      ctx,
      `/v1/admin/reports/top?publisher=evz&from=${YESTERDAY}&to=${TODAY}&limit=3`,
    );
    expect(top.headlines).toHaveLength(3);
    const gsp = await report<{
      headlines: {
        id: string;
        outlet: string;
        buried: boolean;
        pinned: boolean;
        clicks: number;
        impressions: number;
      }[];
    }>(ctx, `/v1/admin/reports/top?publisher=evz&from=${YESTERDAY}&to=${TODAY}&limit=50`);
    expect(gsp.headlines.slice(0, 3)).toEqual(top.headlines);
    // Most clicked first, then most shown; every headline shown once per page view.
    const order = gsp.headlines.map((h) => [h.clicks, h.impressions]);
    expect([...order].sort((x, y) => (y[0] ?? 0) - (x[0] ?? 0) || (y[1] ?? 0) - (x[1] ?? 0))).toEqual(order);
    expect(new Set(gsp.headlines.map((h) => h.id))).toEqual(
      new Set([...a.items, ...b.items].map((i) => i.id)),
    );
    expect(gsp.headlines.find((h) => h.id === first.id)).toMatchObject({
      title: first.title,
      url: first.url,
      outlet: first.outlet.id,
      impressions: shownTwice ? 2 : 1,
      clicks: clickedTwice ? 2 : 1,
      pinned: true,
      blocked: false,
    });
    for (const h of gsp.headlines) {
      expect(h.buried).toBe(h.outlet === 'gsp');
      expect(h.pinned).toBe(h.id === first.id);
    }

    const res = await ctx.app.request(
      `/v1/admin/reports/top?publisher=evz&from=${YESTERDAY}&to=${TODAY}&limit=50&format=csv`,
      auth(ADMIN_TOKEN),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(`top-${YESTERDAY}-${TODAY}.csv`);
    const csv = await res.text();
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = parseCsv(csv);
    expect(lines[0]).toEqual([
      'id',
      'title',
      'url',
      'outlet',
      'impressions',
      'viewable',
      'clicks',
      'ctr',
      'viewabilityRate',
      'pinned',
      'boosted',
      'buried',
      'blocked',
    ]);
    expect(lines.length - 1).toBe(gsp.headlines.length);
    const titles = lines.slice(1).map((l) => l[1]);
    expect(titles).toContain(first.title);
    // A title with commas and quotes survives the round trip.
    const tricky = titles.find((t) => t?.includes(','));
    if (tricky) expect(csv).toContain(`"${tricky.replace(/"/g, '""')}"`);

    for (const path of ['daily', 'exchange']) {
      const r = await ctx.app.request(
        `/v1/admin/reports/${path}?from=${YESTERDAY}&to=${TODAY}&format=csv`,
        auth(ADMIN_TOKEN),
      );
      expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
      const parsed = parseCsv(await r.text());
      expect(parsed[0]?.[0]).toBe(path === 'daily' ? 'date' : 'id');
      expect(parsed.length).toBeGreaterThan(1);
    }
  });

  it('refuses bad ranges and callers with 400, 401, 403 and 404 problems', async () => {
    ctx = await createContext();
    const keys = await seedExchange(ctx);
    const cases: [string, number, (string | undefined)?][] = [
      ['/v1/admin/reports/daily?from=2026-11-30&to=2026-11-01', 400],
      ['/v1/admin/reports/daily?from=2025-01-01&to=2026-11-01', 400],
      ['/v1/admin/reports/daily?from=2026-02-30&to=2026-03-01', 400],
      ['/v1/admin/reports/daily?from=yesterday', 400],
      ['/v1/admin/reports/exchange?format=xml', 400],
      ['/v1/admin/reports/top', 400],
      ['/v1/admin/reports/top?publisher=nobody', 404],
      ['/v1/admin/reports/top?publisher=evz&limit=0', 400],
      ['/v1/admin/reports/daily', 403, keys.digi24],
      ['/v1/reports/daily', 401, ADMIN_TOKEN],
      ['/v1/admin/reports/experiment?publisher=evz', 403, 'wrong-token-0123456789'],
      ['/v1/reports/experiment?publisher=evz', 404, keys.digi24],
    ];
    for (const [path, status, token] of cases) {
      const res = await ctx.app.request(path, auth(token ?? ADMIN_TOKEN));
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
    const res = await ctx.app.request(
      '/v1/admin/reports/daily?from=2026-11-30&to=2026-11-01',
      auth(ADMIN_TOKEN),
    );
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ path: 'from' }] });
    expect((await ctx.app.request('/v1/admin/reports/daily')).status).toBe(401);
    // 366 days is the longest range.
    const longest = await ctx.app.request(
      `/v1/admin/reports/daily?from=${addDays(TODAY, -365)}&to=${TODAY}`,
      auth(ADMIN_TOKEN),
    );
    expect(longest.status).toBe(200);
  });
});

/** A small RFC 4180 parser, to read back what the service wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

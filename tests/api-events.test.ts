import { afterEach, describe, expect, it } from 'vitest';
import type { TestContext } from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

interface Answer {
  token: string;
  items: { id: string; url: string }[];
}

const ARTICLE = HEADLINES.evz?.[0]?.url ?? '';
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function answer(
  ctx: TestContext,
  query = `publisher=evz&url=${encodeURIComponent(ARTICLE)}`,
): Promise<Answer> {
  return (await (await ctx.app.request(`/v1/widget?${query}`)).json()) as Answer;
}

function send(
  ctx: TestContext,
  body: unknown,
  contentType = 'text/plain;charset=UTF-8',
  userAgent = BROWSER,
) {
  return ctx.app.request('/v1/events', {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'User-Agent': userAgent },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function totals(ctx: TestContext) {
  await ctx.services.events.flush();
  return new Map((await ctx.store.readHeadlineStats()).map((s) => [s.id, s]));
}

describe.each(STORES)('events and redirect on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('counts impression, viewable and click once per page view, as text/plain or JSON', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const a = await answer(ctx);
    const ids = a.items.map((i) => i.id);
    const [first, second] = ids;
    expect(
      (await send(ctx, { token: a.token, type: 'impression', items: ids, impressionId: 'pageview-0001' }))
        .status,
    ).toBe(204);
    expect(
      (await send(ctx, { token: a.token, type: 'impression', items: ids, impressionId: 'pageview-0001' }))
        .status,
    ).toBe(204);
    expect(
      (
        await send(
          ctx,
          { token: a.token, type: 'viewable', items: [first, second], impressionId: 'pageview-0001' },
          'application/json',
        )
      ).status,
    ).toBe(204);
    expect(
      (await send(ctx, { token: a.token, type: 'click', items: [first], impressionId: 'pageview-0001' }))
        .status,
    ).toBe(204);
    expect(
      (await send(ctx, { token: a.token, type: 'click', items: [first], impressionId: 'pageview-0001' }))
        .status,
    ).toBe(204);
    expect(
      (await send(ctx, { token: a.token, type: 'click', items: [first], impressionId: 'pageview-0002' }))
        .status,
    ).toBe(204);
    const t = await totals(ctx);
    expect(t.get(first ?? '')).toEqual({ id: first, impressions: 1, viewable: 1, clicks: 2 });
    expect(t.get(second ?? '')).toEqual({ id: second, impressions: 1, viewable: 1, clicks: 0 });
    expect(t.get(ids[2] ?? '')).toEqual({ id: ids[2], impressions: 1, viewable: 0, clicks: 0 });
  });

  it('answers CORS preflight for events and ignores bots', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const pre = await ctx.app.request('/v1/events', {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.evz.ro', 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const a = await answer(ctx);
    const bot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    expect(
      (await send(ctx, { token: a.token, type: 'click', items: [a.items[0]?.id] }, undefined, bot)).status,
    ).toBe(204);
    expect((await totals(ctx)).size).toBe(0);
  });

  it('refuses a bad, tampered or expired token and items the token did not serve', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const a = await answer(ctx);
    const other = await answer(ctx, `publisher=evz&title=${encodeURIComponent('Simona Halep')}&limit=20`);
    const foreign = other.items.find((i) => !a.items.some((x) => x.id === i.id));
    const tampered = `${a.token.slice(0, 10)}${a.token[10] === 'A' ? 'B' : 'A'}${a.token.slice(11)}`;
    const expired = ctx.services.signer.sign({
      publisherId: 'evz',
      items: [a.items[0]?.id ?? ''],
      expiresAt: 1,
      variant: 0,
    });
    for (const body of [
      { token: 'garbage', type: 'click', items: [a.items[0]?.id] },
      { token: tampered, type: 'click', items: [a.items[0]?.id] },
      { token: expired, type: 'click', items: [a.items[0]?.id] },
      { token: a.token, type: 'click', items: [foreign?.id] },
      { token: a.token, type: 'hover', items: [a.items[0]?.id] },
      { token: a.token, type: 'click', items: [] },
    ]) {
      const res = await send(ctx, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await send(ctx, '{not json')).status).toBe(400);
    expect(
      (
        await send(
          ctx,
          { token: a.token, type: 'click', items: [a.items[0]?.id] },
          'application/x-www-form-urlencoded',
        )
      ).status,
    ).toBe(415);
    expect((await totals(ctx)).size).toBe(0);
  });

  it('redirects only to what the token served, counting one click per reader', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const a = await answer(ctx);
    const item = a.items[0];
    // A link checker's HEAD gets the same answer but is not a click.
    const head = await ctx.app.request(`/r/${a.token}/${item?.id}`, {
      method: 'HEAD',
      headers: { 'User-Agent': 'Mozilla/5.0 Other' },
    });
    expect(head.status).toBe(302);
    const res = await ctx.app.request(`/r/${a.token}/${item?.id}`, { headers: { 'User-Agent': BROWSER } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(item?.url);
    await ctx.app.request(`/r/${a.token}/${item?.id}`, { headers: { 'User-Agent': BROWSER } });
    expect((await totals(ctx)).get(item?.id ?? '')?.clicks).toBe(1);
    const other = await answer(ctx, `publisher=evz&title=${encodeURIComponent('Simona Halep')}&limit=20`);
    const foreign = other.items.find((i) => !a.items.some((x) => x.id === i.id));
    for (const path of [
      `/r/${a.token}/${foreign?.id}`,
      `/r/forged/${item?.id}`,
      `/r/${a.token}/not-an-id`,
      `/r/${a.token}/https%3A%2F%2Fevil.com`,
    ]) {
      const bad = await ctx.app.request(path);
      expect(bad.status, path).toBe(400);
      expect(bad.headers.get('location')).toBeNull();
    }
  });

  it('learns from clicks: a clicked headline rises into the top 3, a fresh unseen one still gets shown', async () => {
    ctx = await createContext({ services: { answerCacheMs: 0 } });
    await seedExchange(ctx);
    const query = `publisher=evz&title=${encodeURIComponent('Economia României: inflație, dobânzi, cursul euro și bugetul')}&section=Economie&limit=6`;
    const before = await answer(ctx, query);
    const target = before.items[before.items.length - 1];
    expect(target).toBeDefined();
    // 40 readers see the box; 30 of them click the last card.
    for (let v = 0; v < 40; v++) {
      const impressionId = `reader-${String(v).padStart(4, '0')}`;
      const ids = before.items.map((i) => i.id);
      await send(ctx, { token: before.token, type: 'impression', items: ids, impressionId });
      await send(ctx, { token: before.token, type: 'viewable', items: ids, impressionId });
      if (v < 30) await send(ctx, { token: before.token, type: 'click', items: [target?.id], impressionId });
    }
    await ctx.services.events.flush();
    let inTop3 = 0;
    for (let i = 0; i < 20; i++) {
      const after = await answer(ctx, query);
      if (after.items.slice(0, 3).some((x) => x.id === target?.id)) inTop3++;
    }
    expect(inTop3).toBeGreaterThanOrEqual(16);

    // A new headline with no data still gets explored now and then.
    const key = await (async () => {
      const r = await ctx.app.request('/v1/admin/partners/hotnews/keys', {
        method: 'POST',
        headers: { Authorization: 'Bearer test-admin-token-0123456789' },
      });
      return ((await r.json()) as { apiKey: string }).apiKey;
    })();
    await ctx.app.request('/v1/headlines', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({
        headlines: [
          {
            url: 'https://www.hotnews.ro/stiri-economie-99',
            title: 'Guvernul pregătește majorarea taxelor din 2027: ce se schimbă pentru economie',
            category: 'Economie',
            publishedAt: new Date().toISOString(),
          },
        ],
      }),
    });
    let shown = 0;
    for (let i = 0; i < 30; i++) {
      const after = await answer(ctx, query);
      if (after.items.some((x) => x.url === 'https://www.hotnews.ro/stiri-economie-99')) shown++;
    }
    expect(shown).toBeGreaterThan(0);
  });
});

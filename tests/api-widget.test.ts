import { afterEach, describe, expect, it } from 'vitest';
import type { WidgetAnswer } from '../src/services/widget.js';
import { ADMIN_TOKEN, createPartner, jsonRequest, type TestContext } from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

type Answer = WidgetAnswer;

const ARTICLE = HEADLINES.evz?.[0]?.url ?? '';
const widget = async (ctx: TestContext, query: string) => {
  const res = await ctx.app.request(`/v1/widget?${query}`);
  return { res, body: (res.status === 200 ? await res.json() : await res.json()) as Answer };
};

describe.each(STORES)('widget API on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('answers the contract shape with CORS, caching and a signed token', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const { res, body } = await widget(ctx, `publisher=evz&url=${encodeURIComponent(ARTICLE)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(body).toMatchObject({ publisher: 'evz', title: 'Citește și' });
    expect(body.items.length).toBe(6);
    for (const item of body.items) {
      expect(item).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          url: expect.any(String),
          title: expect.any(String),
          publishedAt: expect.any(String),
        }),
      );
      expect(item.outlet.name).toBe(item.outlet.id.toUpperCase());
    }
    expect(ctx.services.signer.verify(body.token, Date.now())?.items).toEqual(body.items.map((i) => i.id));
    const again = await ctx.app.request(`/v1/widget?publisher=evz&url=${encodeURIComponent(ARTICLE)}`, {
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('fits the article: the stored headline of the article URL drives relevance', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const { body } = await widget(ctx, `publisher=evz&url=${encodeURIComponent(ARTICLE)}&limit=4`);
    const top = body.items.map((i) => i.category);
    expect(top.filter((c) => c === 'Externe' || c === 'Internațional').length).toBeGreaterThanOrEqual(3);
  });

  it('uses title and section when the article is unknown', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const { body } = await widget(
      ctx,
      `publisher=evz&url=${encodeURIComponent('https://www.evz.ro/sport/derby')}&title=${encodeURIComponent('FCSB învinge CFR Cluj în derbiul etapei')}&section=Sport&limit=3`,
    );
    expect(
      body.items.filter((i) => ['Sport', 'Fotbal', 'Liga 1', 'Tenis'].includes(i.category ?? '')),
      JSON.stringify(body.items),
    ).toHaveLength(3);
  });

  it('never serves the article itself, the own outlet, or more than maxPerOutlet of one outlet', async () => {
    ctx = await createContext();
    await seedExchange(ctx, { maxPerOutlet: 1 });
    const { body } = await widget(ctx, `publisher=evz&url=${encodeURIComponent(ARTICLE)}&limit=20`);
    expect(body.items.some((i) => i.url === ARTICLE)).toBe(false);
    expect(body.items.some((i) => i.outlet.id === 'evz')).toBe(false);
    const perOutlet = new Map<string, number>();
    for (const i of body.items) perOutlet.set(i.outlet.id, (perOutlet.get(i.outlet.id) ?? 0) + 1);
    expect(Math.max(...perOutlet.values())).toBe(1);
    expect(body.items.length).toBe(6);
  });

  it('applies include/exclude partners and excluded categories (case- and diacritics-insensitive)', async () => {
    ctx = await createContext();
    await seedExchange(ctx, { excludePartners: ['digi24'], excludeCategories: ['SANATATE', 'liga 1'] });
    const { body } = await widget(ctx, 'publisher=evz&limit=20');
    expect(body.items.some((i) => i.outlet.id === 'digi24')).toBe(false);
    expect(body.items.some((i) => ['Sănătate', 'Liga 1'].includes(i.category ?? ''))).toBe(false);
    await ctx.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest('PUT', { name: 'EVZ', includePartners: ['gsp', 'prosport'] }, ADMIN_TOKEN),
    );
    const only = await widget(ctx, 'publisher=evz&limit=20');
    expect(new Set(only.body.items.map((i) => i.outlet.id))).toEqual(new Set(['gsp', 'prosport']));
  });

  it('never serves a deleted headline, even from its short-lived answer cache', async () => {
    ctx = await createContext();
    const keys = await seedExchange(ctx);
    const first = await widget(ctx, `publisher=evz&url=${encodeURIComponent(ARTICLE)}`);
    const victim = first.body.items.find((i) => i.outlet.id === 'digi24');
    expect(victim).toBeDefined();
    const del = await ctx.app.request(`/v1/headlines?url=${encodeURIComponent(victim?.url ?? '')}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${keys.digi24}` },
    });
    expect(del.status).toBe(204);
    const second = await widget(ctx, `publisher=evz&url=${encodeURIComponent(ARTICLE)}`);
    expect(second.body.items.some((i) => i.id === victim?.id)).toBe(false);
  });

  it('serves a new headline at once and never a headline changed since the answer was cached', async () => {
    ctx = await createContext();
    const keys = await seedExchange(ctx, { excludeCategories: ['Horoscop'] });
    const query = `publisher=evz&url=${encodeURIComponent(ARTICLE)}`;
    const first = await widget(ctx, query);
    const push = (key: string | undefined, headline: Record<string, unknown>) =>
      ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines: [headline] }, key));
    // The same request is answered from the cache until something changes…
    expect((await widget(ctx, query)).body.token).toBe(first.body.token);
    // …and a new headline is served at once, even for a request answered from the cache just before
    // (a related story, not the query's own: the ranker never serves another outlet's copy of the article).
    const summit = `publisher=evz&title=${encodeURIComponent('Summitul UE de la Bruxelles despre bugetul Uniunii')}&limit=20`;
    await widget(ctx, summit);
    const fresh = {
      url: 'https://www.gsp.ro/externe/summit-ue-21',
      title: 'Comisia Europeană cere statelor membre mai mulți bani pentru bugetul Uniunii',
      category: 'Externe',
      publishedAt: new Date().toISOString(),
    };
    await push(keys.gsp, fresh);
    expect((await widget(ctx, summit)).body.items.some((i) => i.url === fresh.url)).toBe(true);
    // A served headline moves to an excluded category: it must not be served again.
    const served = first.body.items[0];
    const original = Object.values(HEADLINES)
      .flat()
      .find((h) => h.url === served?.url);
    await push(keys[served?.outlet.id ?? ''], { ...original, category: 'Horoscop' });
    const after = await widget(ctx, query);
    expect(after.body.items.some((i) => i.id === served?.id)).toBe(false);
  });

  it('gives a full box when one story fills the stream: repeats rank lower, the rules stay hard', async () => {
    ctx = await createContext();
    const numbers = ['unu', 'doi', 'trei', 'patru', 'cinci', 'șase', 'șapte', 'opt'];
    const outlets = ['gsp', 'prosport', 'digi24', 'mediafax'];
    for (const [o, id] of outlets.entries()) {
      const key = await createPartner(ctx.app, { id, name: id.toUpperCase(), domains: [`${id}.ro`] });
      const headlines = Array.from({ length: 4 }, (_, k) => ({
        url: `https://www.${id}.ro/sport/derby-${k}`,
        title: `Superliga de fotbal: derby la echipa ${numbers[(o + 4 * k) % 8]}`,
        category: 'Sport',
        publishedAt: new Date(Date.now() - (o + 4 * k + 1) * 60_000).toISOString(),
      }));
      const res = await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines }, key));
      expect(((await res.json()) as { accepted: number }).accepted).toBe(4);
    }
    await createPartner(ctx.app, { id: 'evz', name: 'EVZ', domains: ['evz.ro'] });
    const put = await ctx.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest(
        'PUT',
        { name: 'EVZ', partnerId: 'evz', maxPerOutlet: 2, excludePartners: ['mediafax'] },
        ADMIN_TOKEN,
      ),
    );
    expect(put.status).toBe(200);
    const title = encodeURIComponent('Superliga de fotbal: derby la echipa unu');
    const article = encodeURIComponent('https://www.gsp.ro/sport/derby-0');
    for (const q of [`title=${title}`, `title=${title}&section=Sport`, `url=${article}`, '']) {
      const { res, body } = await widget(ctx, `publisher=evz&${q}&limit=6`);
      expect(res.status, q).toBe(200);
      expect(body.items, q).toHaveLength(6);
      expect(new Set(body.items.map((i) => i.id)).size).toBe(6);
      expect(body.items.some((i) => i.outlet.id === 'mediafax')).toBe(false);
      if (q.startsWith('url='))
        expect(body.items.some((i) => i.url === 'https://www.gsp.ro/sport/derby-0')).toBe(false);
    }
    // Three outlets allowed, two cards each: the per-outlet cap stays hard.
    const { body } = await widget(ctx, `publisher=evz&title=${title}&limit=10`);
    expect(body.items).toHaveLength(6);
    const perOutlet = new Map<string, number>();
    for (const i of body.items) perOutlet.set(i.outlet.id, (perOutlet.get(i.outlet.id) ?? 0) + 1);
    expect([...perOutlet.values()]).toEqual([2, 2, 2]);
  });

  it('falls back to the freshest headlines when nothing is relevant: never empty', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const { body } = await widget(ctx, `publisher=evz&title=${encodeURIComponent('xylofon zmeu')}&limit=5`);
    expect(body.items.length).toBe(5);
  });

  it('404s an unknown publisher and 400s bad parameters with problem+json', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const unknown = await ctx.app.request('/v1/widget?publisher=nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    for (const q of [
      '',
      'publisher=BAD ID',
      'publisher=evz&limit=0',
      'publisher=evz&limit=21',
      'publisher=evz&limit=abc',
    ]) {
      expect((await ctx.app.request(`/v1/widget?${q}`)).status).toBe(400);
    }
  });
});

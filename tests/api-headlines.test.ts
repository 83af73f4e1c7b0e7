import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, createPartner, jsonRequest, type TestContext } from './support/harness.js';
import { STORES } from './support/stores.js';

const now = Date.now();
const iso = (msAgo: number) => new Date(now - msAgo).toISOString();

function item(n: number, extra: Record<string, unknown> = {}) {
  return {
    url: `https://www.digi24.ro/stiri/actualitate/stire-${n}`,
    title: `Guvernul a aprobat bugetul pentru 2027, anunță ministrul Finanțelor (${n})`,
    publishedAt: iso(n * 60_000),
    ...extra,
  };
}

describe.each(STORES)('partner API on the %s', (_name, createContext) => {
  let ctx: TestContext;
  let key: string;
  beforeEach(async () => {
    ctx = await createContext();
    key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    await createPartner(ctx.app, { id: 'mediafax', domains: ['mediafax.ro'] });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const push = (headlines: unknown[], token = key) =>
    ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines }, token));

  it('accepts valid headlines and lists them newest first', async () => {
    const res = await push([item(3), item(1), item(2)]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3, rejected: [] });
    const list = (await (await ctx.app.request('/v1/headlines', auth(key))).json()) as {
      headlines: { url: string }[];
    };
    expect(list.headlines.map((h) => h.url)).toEqual([item(1).url, item(2).url, item(3).url]);
  });

  it('validates each item on its own and names every problem', async () => {
    const res = await push([
      item(1),
      item(2, { url: 'https://www.mediafax.ro/politic/alta-stire' }),
      item(3, { url: 'javascript:alert(1)' }),
      { url: item(4).url, publishedAt: iso(0) },
      item(5, { imageUrl: 'http://www.digi24.ro/poza.jpg' }),
      item(6, { publishedAt: 'ieri' }),
      item(7, { title: '   ' }),
      item(8, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
      item(9, { expiresAt: iso(1000) }),
      item(10, { publishedAt: new Date(now + 3 * 3600_000).toISOString() }),
      item(11, { title: 'Titlu cu \u0007 clopoțel' }),
      'not an object',
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      rejected: { index: number; errors: { path: string }[] }[];
    };
    expect(body.accepted).toBe(1);
    const paths = Object.fromEntries(body.rejected.map((r) => [r.index, r.errors.map((e) => e.path)]));
    expect(paths).toEqual({
      1: ['url'],
      2: ['url'],
      3: ['title'],
      4: ['imageUrl'],
      5: ['publishedAt'],
      6: ['title'],
      7: ['tags'],
      8: ['expiresAt'],
      9: ['publishedAt'],
      10: ['title'],
      11: ['(body)'],
    });
  });

  it('keys headlines by canonical URL: tracking parameters, fragment and host case do not matter', async () => {
    await push([item(1, { url: 'https://WWW.Digi24.ro/stiri/a?id=7&utm_source=fb&fbclid=x#top' })]);
    await push([item(1, { url: 'https://www.digi24.ro/stiri/a?id=7&gclid=y', title: 'Titlu actualizat' })]);
    const list = (await (await ctx.app.request('/v1/headlines', auth(key))).json()) as {
      headlines: { url: string; title: string }[];
    };
    expect(list.headlines).toHaveLength(1);
    expect(list.headlines[0]).toMatchObject({
      url: 'https://www.digi24.ro/stiri/a?id=7',
      title: 'Titlu actualizat',
    });
  });

  it('accepts subdomains of its domains and keeps Romanian text exactly (NFC), HTML as text', async () => {
    const decomposed = 'S\u0326oferii' + ' <b>romi</b> s\u0327i \u201esta\u0306ri\u201d';
    const res = await push([item(1, { url: 'https://sport.digi24.ro/x', title: decomposed })]);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    const list = (await (await ctx.app.request('/v1/headlines', auth(key))).json()) as {
      headlines: { title: string }[];
    };
    expect(list.headlines[0]?.title).toBe(decomposed.normalize('NFC'));
  });

  it('answers 400 for 0 or 501 items, 400 for malformed JSON, 415 for a non-JSON body, 413 for a huge body', async () => {
    expect((await push([])).status).toBe(400);
    const tooMany = await push(Array.from({ length: 501 }, (_, i) => item(i)));
    expect(tooMany.status).toBe(400);
    const malformed = await ctx.app.request('/v1/headlines', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: '{"headlines": [',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const form = await ctx.app.request('/v1/headlines', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${key}` },
      body: 'a=b',
    });
    expect(form.status).toBe(415);
    const huge = await ctx.app.request('/v1/headlines', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ headlines: [item(1, { summary: 'x'.repeat(3 * 1024 * 1024) })] }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { status: number }).status).toBe(413);
  });

  it('refuses a missing or wrong key', async () => {
    expect((await push([item(1)], '')).status).toBe(401);
    expect((await push([item(1)], 'cs_wrong')).status).toBe(401);
  });

  it('deletes by URL (any form of it) and 404s a second time', async () => {
    await push([item(1)]);
    const url = encodeURIComponent(`${item(1).url}?utm_medium=x#a`);
    const del = await ctx.app.request(`/v1/headlines?url=${url}`, auth(key, { method: 'DELETE' }));
    expect(del.status).toBe(204);
    const again = await ctx.app.request(`/v1/headlines?url=${url}`, auth(key, { method: 'DELETE' }));
    expect(again.status).toBe(404);
    expect((await ctx.app.request('/v1/headlines?url=', auth(key, { method: 'DELETE' }))).status).toBe(400);
  });

  it('cannot delete or list another partner’s headlines', async () => {
    const mediafaxKey = await (async () => {
      const res = await ctx.app.request(
        '/v1/admin/partners/mediafax/keys',
        auth('test-admin-token-0123456789', { method: 'POST' }),
      );
      return ((await res.json()) as { apiKey: string }).apiKey;
    })();
    await push([item(1)]);
    const del = await ctx.app.request(
      `/v1/headlines?url=${encodeURIComponent(item(1).url)}`,
      auth(mediafaxKey, { method: 'DELETE' }),
    );
    expect(del.status).toBe(404);
    const list = (await (await ctx.app.request('/v1/headlines', auth(mediafaxKey))).json()) as {
      headlines: unknown[];
    };
    expect(list.headlines).toEqual([]);
  });

  it('pages the listing with a cursor and rejects a forged cursor', async () => {
    await push(Array.from({ length: 12 }, (_, i) => item(i + 1)));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const q = cursor ? `?limit=5&cursor=${encodeURIComponent(cursor)}` : '?limit=5';
      const page = (await (await ctx.app.request(`/v1/headlines${q}`, auth(key))).json()) as {
        headlines: { url: string }[];
        nextCursor?: string;
      };
      seen.push(...page.headlines.map((h) => h.url));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => item(i + 1).url));
    expect((await ctx.app.request('/v1/headlines?cursor=forged', auth(key))).status).toBe(400);
    expect((await ctx.app.request('/v1/headlines?limit=0', auth(key))).status).toBe(400);
  });

  it('keeps a partner to PARTNER_MAX_HEADLINES live headlines, refusing new URLs per item', async () => {
    await ctx.close();
    ctx = await createContext({ env: { PARTNER_MAX_HEADLINES: '3' } });
    key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    const other = await createPartner(ctx.app, { id: 'mediafax', domains: ['mediafax.ro'] });
    expect(await (await push([item(1), item(2)])).json()).toEqual({ accepted: 2, rejected: [] });
    // The same new URL twice in one batch counts once, and both of its items share the answer.
    const res = await push([item(3), item(4), item(1, { title: 'Actualizat: bugetul pe 2027' }), item(4)]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      rejected: { index: number; errors: { path: string; message: string }[] }[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(body.rejected[0]?.errors[0]).toMatchObject({ path: 'url' });
    expect(body.rejected[0]?.errors[0]?.message).toContain('3 live headlines');
    const list = (await (await ctx.app.request('/v1/headlines', auth(key))).json()) as {
      headlines: { url: string; title: string }[];
    };
    expect(list.headlines.map((h) => h.url)).toEqual([item(1).url, item(2).url, item(3).url]);
    expect(list.headlines[0]?.title).toContain('Actualizat');
    // Room again once one is deleted; another partner's limit is its own.
    const gone = await ctx.app.request(
      `/v1/headlines?url=${encodeURIComponent(item(2).url)}`,
      auth(key, { method: 'DELETE' }),
    );
    expect(gone.status).toBe(204);
    expect(await (await push([item(4)])).json()).toEqual({ accepted: 1, rejected: [] });
    const theirs = [1, 2, 3].map((n) => item(n, { url: `https://www.mediafax.ro/stiri/${n}` }));
    expect(await (await push(theirs, other)).json()).toEqual({ accepted: 3, rejected: [] });
  });

  it('expires headlines at expiresAt, or publishedAt + HEADLINE_TTL_HOURS', async () => {
    const res = await push([item(1, { publishedAt: iso(73 * 3600_000) })]);
    const body = (await res.json()) as { rejected: { errors: { path: string; message: string }[] }[] };
    expect(body.rejected[0]?.errors[0]?.message).toContain('72 h');
    await push([item(2, { expiresAt: new Date(now + 60_000).toISOString() })]);
    const list = (await (await ctx.app.request('/v1/headlines', auth(key))).json()) as {
      headlines: { expiresAt: string }[];
    };
    expect(list.headlines[0]?.expiresAt).toBe(new Date(now + 60_000).toISOString());
  });
});

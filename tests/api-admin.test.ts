import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, auth, jsonRequest, type TestContext } from './support/harness.js';
import { STORES } from './support/stores.js';

describe.each(STORES)('admin API on the %s', (_name, createContext) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const digi24 = { id: 'digi24', name: 'Digi24', domains: ['digi24.ro'], homepage: 'https://www.digi24.ro/' };

  it('creates a partner, shows the key once and never lists it', async () => {
    const res = await ctx.app.request('/v1/admin/partners', jsonRequest('POST', digi24, ADMIN_TOKEN));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { partner: Record<string, unknown>; apiKey: string };
    expect(body.partner).toMatchObject({ id: 'digi24', name: 'Digi24', domains: ['digi24.ro'] });
    expect(body.apiKey.length).toBeGreaterThanOrEqual(32);
    const list = await ctx.app.request('/v1/admin/partners', auth(ADMIN_TOKEN));
    const text = await list.text();
    expect(list.status).toBe(200);
    expect(text).not.toContain(body.apiKey);
    expect(JSON.parse(text)).toEqual({ partners: [body.partner] });
  });

  it('answers 409 for an existing id', async () => {
    await ctx.app.request('/v1/admin/partners', jsonRequest('POST', digi24, ADMIN_TOKEN));
    const res = await ctx.app.request('/v1/admin/partners', jsonRequest('POST', digi24, ADMIN_TOKEN));
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each([
    ['a bad id', { ...digi24, id: 'Digi 24' }, 'id'],
    ['a one-letter id', { ...digi24, id: 'd' }, 'id'],
    ['no domains', { ...digi24, domains: [] }, 'domains'],
    ['a URL as domain', { ...digi24, domains: ['https://digi24.ro'] }, 'domains.0'],
    ['an http logo', { ...digi24, logoUrl: 'http://digi24.ro/logo.png' }, 'logoUrl'],
    ['a javascript: homepage', { ...digi24, homepage: 'javascript:alert(1)' }, 'homepage'],
    ['an unknown field', { ...digi24, admin: true }, ''],
  ])('rejects %s with a problem naming the field', async (_case, body, path) => {
    const res = await ctx.app.request('/v1/admin/partners', jsonRequest('POST', body, ADMIN_TOKEN));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { status: number; errors: { path: string }[] };
    expect(problem.status).toBe(400);
    if (path) expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it('needs the admin token: 401 without, 403 with a wrong one', async () => {
    const none = await ctx.app.request('/v1/admin/partners', jsonRequest('POST', digi24));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await ctx.app.request('/v1/admin/partners', auth('not-the-admin-token'));
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rotating a key makes the old one stop working', async () => {
    const created = await ctx.app.request('/v1/admin/partners', jsonRequest('POST', digi24, ADMIN_TOKEN));
    const { apiKey: oldKey } = (await created.json()) as { apiKey: string };
    const rotated = await ctx.app.request(
      '/v1/admin/partners/digi24/keys',
      auth(ADMIN_TOKEN, { method: 'POST' }),
    );
    expect(rotated.status).toBe(201);
    const { apiKey: newKey } = (await rotated.json()) as { apiKey: string };
    expect(newKey).not.toBe(oldKey);
    expect((await ctx.app.request('/v1/headlines', auth(oldKey))).status).toBe(401);
    expect((await ctx.app.request('/v1/headlines', auth(newKey))).status).toBe(200);
    const missing = await ctx.app.request(
      '/v1/admin/partners/ghost/keys',
      auth(ADMIN_TOKEN, { method: 'POST' }),
    );
    expect(missing.status).toBe(404);
  });

  it('creates, replaces and reads publishers with defaults', async () => {
    await ctx.app.request('/v1/admin/partners', jsonRequest('POST', digi24, ADMIN_TOKEN));
    const put = await ctx.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest(
        'PUT',
        { name: 'EVZ', excludePartners: ['digi24'], excludeCategories: ['Horoscop'] },
        ADMIN_TOKEN,
      ),
    );
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      publisher: { id: 'evz', name: 'EVZ', title: 'Citește și', limit: 6, maxPerOutlet: 2 },
    });
    await ctx.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest('PUT', { name: 'EVZ', limit: 8 }, ADMIN_TOKEN),
    );
    const got = await ctx.app.request('/v1/admin/publishers/evz', auth(ADMIN_TOKEN));
    expect(await got.json()).toMatchObject({ publisher: { limit: 8, excludePartners: [] } });
    expect((await ctx.app.request('/v1/admin/publishers/nope', auth(ADMIN_TOKEN))).status).toBe(404);
  });

  it.each([
    ['a limit of 21', { name: 'EVZ', limit: 21 }, 'limit'],
    ['a limit of 0', { name: 'EVZ', limit: 0 }, 'limit'],
    ['an unknown partner', { name: 'EVZ', partnerId: 'ghost' }, 'partnerId'],
    ['an unknown excluded partner', { name: 'EVZ', excludePartners: ['ghost'] }, 'excludePartners.0'],
    ['no name', { title: 'x' }, 'name'],
  ])('rejects a publisher with %s', async (_case, body, path) => {
    const res = await ctx.app.request('/v1/admin/publishers/evz', jsonRequest('PUT', body, ADMIN_TOKEN));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });
});

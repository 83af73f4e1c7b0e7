// Regressions of the security review (issue 18): counts one client cannot multiply, answers that do not depend
// on the Host header, expiry on redirect, and secrets that stay out of caches and open endpoints.
import { afterEach, describe, expect, it } from 'vitest';
import { terms } from '../src/ranking/text.js';
import { PAGE_VIEWS_PER_TOKEN_AND_CLIENT } from '../src/services/page-views.js';
import { ADMIN_TOKEN, createTestContext, jsonRequest, type TestContext } from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const ARTICLE = `publisher=evz&url=${encodeURIComponent(HEADLINES.evz?.[0]?.url ?? '')}`;

interface Answer {
  token: string;
  items: { id: string; url: string; thumbnail?: { src: string; srcset: string } }[];
}

async function answer(
  ctx: TestContext,
  query = ARTICLE,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return (await (await ctx.app.request(`/v1/widget?${query}`, { headers })).json()) as Answer;
}

function event(ctx: TestContext, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return ctx.app.request('/v1/events', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER, ...headers },
    body: JSON.stringify(body),
  });
}

async function clicksOf(ctx: TestContext, id: string): Promise<number> {
  await ctx.services.events.flush();
  return (await ctx.store.readHeadlineStats()).find((s) => s.id === id)?.clicks ?? 0;
}

describe.each(STORES)('counts one client cannot multiply, on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('refuses every other spelling of a token: junk the base64url decoder would skip gets 400', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const a = await answer(ctx);
    const id = a.items[0]?.id ?? '';
    const [body = '', sig = ''] = a.token.split('.');
    for (const token of [
      `${a.token}$`,
      `${a.token}~`,
      `${a.token}==`,
      `${body}=.${sig}`,
      `${body}.${sig}!`,
    ]) {
      const sent = await event(ctx, { token, type: 'click', items: [id] });
      expect(sent.status, token).toBe(400);
      const redirect = await ctx.app.request(`/r/${encodeURIComponent(token)}/${id}`, {
        headers: { 'User-Agent': BROWSER },
      });
      expect(redirect.status, token).toBe(400);
      expect(redirect.headers.get('location')).toBeNull();
    }
    expect((await event(ctx, { token: a.token, type: 'click', items: [id] })).status).toBe(204);
    expect(await clicksOf(ctx, id)).toBe(1);
  });

  it('counts page-view ids a client invents only up to the cap per token and address', async () => {
    ctx = await createContext({ env: { TRUST_PROXY: 'true' } });
    await seedExchange(ctx);
    const a = await answer(ctx);
    const id = a.items[0]?.id ?? '';
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    for (let n = 0; n < 20; n++) {
      const sent = await event(
        ctx,
        { token: a.token, type: 'click', items: [id], impressionId: `forged-view-${n}` },
        from('203.0.113.7'),
      );
      expect(sent.status).toBe(204);
    }
    // The first ids count as their own page views; every later one shares the address's one extra view.
    expect(await clicksOf(ctx, id)).toBe(PAGE_VIEWS_PER_TOKEN_AND_CLIENT + 1);
    // A reader elsewhere is a page view of its own.
    await event(
      ctx,
      { token: a.token, type: 'click', items: [id], impressionId: 'forged-view-0' },
      from('198.51.100.9'),
    );
    expect(await clicksOf(ctx, id)).toBe(PAGE_VIEWS_PER_TOKEN_AND_CLIENT + 2);
  });

  it('counts one click per token and address through /r/, whatever User-Agent each request sends', async () => {
    ctx = await createContext();
    await seedExchange(ctx);
    const a = await answer(ctx);
    const id = a.items[0]?.id ?? '';
    for (let n = 0; n < 10; n++) {
      const res = await ctx.app.request(`/r/${a.token}/${id}`, {
        headers: { 'User-Agent': `${BROWSER} Build/${n}` },
      });
      expect(res.status).toBe(302);
    }
    expect(await clicksOf(ctx, id)).toBe(1);
  });
});

describe('operations endpoints', () => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('asks for METRICS_TOKEN on /metrics when one is set, and stays open when it is not', async () => {
    ctx = await createTestContext();
    expect((await ctx.app.request('/metrics')).status).toBe(200);
    await ctx.close();
    const metricsToken = 'metrics-token-0123456789';
    ctx = await createTestContext({ env: { METRICS_TOKEN: metricsToken } });
    const missing = await ctx.app.request('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    for (const wrong of ['x', metricsToken.slice(0, -1), `${metricsToken}x`]) {
      const res = await ctx.app.request('/metrics', { headers: { Authorization: `Bearer ${wrong}` } });
      expect(res.status).toBe(401);
    }
    const ok = await ctx.app.request('/metrics', { headers: { Authorization: `Bearer ${metricsToken}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('citeste_si_unhandled_rejections_total');
    expect((await ctx.app.request('/health')).status).toBe(200);
  });
});

describe('answers shared by caches, redirects and secrets', () => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('refuses /r/ to a headline that has expired, even before the index prunes it', async () => {
    let clock = Date.now();
    // Tokens outlive headlines here (30 days against the 72 h default of a headline).
    ctx = await createTestContext({
      env: { TOKEN_TTL_SECONDS: String(30 * 24 * 3600) },
      services: { now: () => clock },
    });
    await seedExchange(ctx);
    const a = await answer(ctx);
    const id = a.items[0]?.id ?? '';
    expect(id).not.toBe('');
    expect((await ctx.app.request(`/r/${a.token}/${id}`)).status).toBe(302);
    clock += 80 * 3_600_000; // every seeded headline expired; the token has not
    const res = await ctx.app.request(`/r/${a.token}/${id}`, { headers: { 'User-Agent': BROWSER } });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(((await res.json()) as { detail: string }).detail).toMatch(/no longer available/);
  });

  it('marks the answers that carry a new API key no-store', async () => {
    ctx = await createTestContext();
    const created = await ctx.app.request(
      '/v1/admin/partners',
      jsonRequest('POST', { id: 'digi24', name: 'Digi24', domains: ['digi24.ro'] }, ADMIN_TOKEN),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const rotated = await ctx.app.request(
      '/v1/admin/partners/digi24/keys',
      jsonRequest('POST', {}, ADMIN_TOKEN),
    );
    expect(rotated.status).toBe(201);
    expect(((await rotated.json()) as { apiKey: string }).apiKey).toMatch(/^cs_/);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
  });
});

describe('memory that query text cannot grow', () => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  const cacheHits = async () => {
    const text = await (await ctx.app.request('/metrics')).text();
    return Number(/^citeste_si_widget_answers_total\{cache="hit"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  it('adds no word of a query to the shared dictionary, however long or new', async () => {
    ctx = await createTestContext({ services: { answerCacheMs: 60_000 } });
    await seedExchange(ctx);
    const before = terms.forms;
    for (let i = 0; i < 300; i++) {
      const word = `q${i.toString(36)}${'ț'.repeat(30)}`;
      const res = await ctx.app.request(
        `/v1/widget?publisher=evz&title=${encodeURIComponent(`Alegeri ${word} ${'x'.repeat(400)}`)}&keywords=${word}&section=${word}`,
      );
      expect(res.status).toBe(200);
    }
    expect(terms.forms).toBe(before);
  });

  it('keeps a one-off query in a small probation window and caches what is asked again', async () => {
    ctx = await createTestContext({ services: { answerCacheMs: 60_000 } });
    await seedExchange(ctx);
    await answer(ctx, 'publisher=evz&title=Alegeri+locale');
    await answer(ctx, 'publisher=evz&title=Alegeri+locale');
    expect(await cacheHits()).toBe(1); // a page's second request is served from probation
    for (let i = 0; i < 100; i++) await answer(ctx, `publisher=evz&title=Alegeri+${i}`);
    expect(await cacheHits()).toBe(1);
    await answer(ctx, 'publisher=evz&title=Alegeri+0'); // pushed out of probation by the 99 after it
    expect(await cacheHits()).toBe(1);
    await answer(ctx, 'publisher=evz&title=Alegeri+0'); // seen twice: now in the main cache
    expect(await cacheHits()).toBe(2);
    for (let i = 100; i < 200; i++) await answer(ctx, `publisher=evz&title=Alegeri+${i}`);
    await answer(ctx, 'publisher=evz&title=Alegeri+0');
    expect(await cacheHits()).toBe(3);
  });
});

// Demo mode end to end: the sample data loads (twice, harmlessly), the pages carry the embed, the widget answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLES } from '../src/demo/articles.js';
import { DEMO_HEADLINES, type DemoTopic } from '../src/demo/headlines.js';
import { demoRoutes, loadDemoData } from '../src/demo/index.js';
import { DEMO_OUTLETS, demoUrl } from '../src/demo/outlets.js';
import type { WidgetAnswer } from '../src/services/widget.js';
import { createTestContext, silentLogger, type TestContext } from './support/harness.js';

type WidgetBody = WidgetAnswer;

/** A seeded random source, so the ranking's exploration does not make the test flaky. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const decodeEntities = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** What the embed script reads from the page: canonical URL, og:title, article:section. */
function pageMeta(page: string): { url: string; title: string; section: string } {
  const pick = (re: RegExp) => {
    const match = page.match(re);
    if (!match?.[1]) throw new Error(`no ${re} in the page`);
    return decodeEntities(match[1]);
  };
  return {
    url: pick(/<link rel="canonical" href="([^"]+)">/),
    title: pick(/<meta property="og:title" content="([^"]+)">/),
    section: pick(/<meta property="article:section" content="([^"]+)">/),
  };
}

const topicByUrl = new Map<string, DemoTopic>(
  DEMO_HEADLINES.map((h) => [demoUrl(h.outlet, h.title, h.category), h.topic]),
);

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ extraRoutes: [demoRoutes()], services: { random: seeded(7) } });
  await loadDemoData(ctx.services, silentLogger);
  await loadDemoData(ctx.services, silentLogger);
});

afterAll(async () => {
  await ctx.close();
});

async function widget(meta: { url: string; title: string; section: string }): Promise<WidgetBody> {
  const query = new URLSearchParams({ publisher: 'demo', ...meta });
  const res = await ctx.app.request(`/v1/widget?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as WidgetBody;
}

describe('loadDemoData', () => {
  it('creates the partners and the demo publisher once, however often it runs', async () => {
    const partners = await ctx.services.partners.list();
    expect(partners.map((p) => p.id).sort()).toEqual(DEMO_OUTLETS.map((o) => o.id).sort());
    const publisher = await ctx.services.publishers.get('demo');
    expect(publisher).toMatchObject({ partnerId: 'evz', title: 'Citește și', limit: 6, maxPerOutlet: 2 });
  });

  it('pushes every sample headline, live and unduplicated after a second load', () => {
    // Every headline and the demo articles themselves (the home outlet's own headlines): none rejected.
    expect(ctx.services.live.size).toBe(DEMO_HEADLINES.length + DEMO_ARTICLES.length);
    expect(ctx.services.live.size).toBeGreaterThanOrEqual(60);
  });

  it('writes each headline URL on its own outlet, without duplicates', () => {
    expect(topicByUrl.size).toBe(DEMO_HEADLINES.length);
    for (const h of DEMO_HEADLINES) {
      const host = new URL(demoUrl(h.outlet, h.title, h.category)).hostname;
      const domain = DEMO_OUTLETS.find((o) => o.id === h.outlet)?.domain ?? '?';
      expect(host === domain || host.endsWith(`.${domain}`)).toBe(true);
      expect(h.hoursAgo).toBeLessThanOrEqual(36);
    }
  });
});

describe('GET /demo', () => {
  it('serves a Romanian article page with the embed exactly as a publisher pastes it', async () => {
    const res = await ctx.app.request('/demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain('img-src https: data:');
    const page = await res.text();
    expect(page).toContain('<html lang="ro">');
    expect(page).toContain('<div data-citeste-si data-publisher="demo"></div>');
    expect(page).toContain('<script async src="/embed.js"></script>');
    expect(page).toContain('Aceasta este o pagină demo citeste-si');
    expect(pageMeta(page).section).toBe('Externe');
  });

  it('serves one page per topic and a 404 page for an unknown one', async () => {
    for (const article of DEMO_ARTICLES.filter((a) => a.topic !== 'externe')) {
      const res = await ctx.app.request(`/demo/${article.topic}`);
      expect(res.status).toBe(200);
      expect(pageMeta(await res.text()).url).toBe(article.canonical);
    }
    const missing = await ctx.app.request('/demo/horoscop');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('href="/demo/sport"');
  });
});

describe('the widget on the demo pages', () => {
  it('answers the /demo article with relevant headlines of other outlets, within the publisher rules', async () => {
    const meta = pageMeta(await (await ctx.app.request('/demo')).text());
    expect(meta.section).toBe('Externe');
    const body = await widget(meta);
    expect(body.title).toBe('Citește și');
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(6);

    const perOutlet = new Map<string, number>();
    for (const item of body.items) {
      expect(item.outlet.id).not.toBe('evz');
      expect(item.url).not.toBe(meta.url);
      perOutlet.set(item.outlet.id, (perOutlet.get(item.outlet.id) ?? 0) + 1);
    }
    expect(Math.max(...perOutlet.values())).toBeLessThanOrEqual(2);

    const foreign = body.items.filter((i) => topicByUrl.get(i.url) === 'externe');
    expect(foreign.length).toBeGreaterThanOrEqual(Math.ceil(body.items.length / 2));
  });

  it('changes with the article: the sport page gets mostly sport', async () => {
    const meta = pageMeta(await (await ctx.app.request('/demo/sport')).text());
    const body = await widget(meta);
    expect(body.items.length).toBeGreaterThan(0);
    const sporty = new Set<DemoTopic | undefined>(['fotbal', 'sport', 'tenis']);
    const matching = body.items.filter((i) => sporty.has(topicByUrl.get(i.url)));
    expect(matching.length).toBeGreaterThanOrEqual(Math.ceil(body.items.length / 2));
  });
});

import { mkdirSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { createMetrics } from '../src/metrics.js';
import { addDays, bucharestDay, bucharestMidnight } from '../src/shared/calendar.js';
import { launchChromium } from './support/browser.js';
import {
  ADMIN_TOKEN,
  createTestContext,
  jsonRequest,
  readBundle,
  silentLogger,
  type TestContext,
} from './support/harness.js';
import { HEADLINES, seedExchange } from './support/seed.js';

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const ARTICLES = [
  HEADLINES.evz?.[0]?.url ?? '',
  HEADLINES.digi24?.[2]?.url ?? '',
  HEADLINES.gsp?.[0]?.url ?? '',
  HEADLINES.hotnews?.[1]?.url ?? '',
];
/** feeds.digi24.ro is this machine, for the feed poller only. */
const FEED_NETWORK = {
  lookup: async () => [{ address: '127.0.0.1', family: 4 as const }],
  addressAllowed: () => true,
};
const ARTIFACTS = new URL('./artifacts/', import.meta.url);

describe('dashboard over HTTP', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('serves the page with a strict CSP and its assets from the service itself', async () => {
    const res = await ctx.app.request('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style>|\sstyle="|\son[a-z]+="/);
    expect(html).not.toMatch(/https?:\/\//);
    for (const [asset, type] of [
      ['uPlot.iife.min.js', 'text/javascript'],
      ['uPlot.min.css', 'text/css'],
      ['dashboard.js', 'text/javascript'],
      ['dashboard.css', 'text/css'],
    ]) {
      const a = await ctx.app.request(`/dashboard/assets/${asset}`);
      expect(a.status, asset).toBe(200);
      expect(a.headers.get('content-type')).toContain(type);
      const again = await ctx.app.request(`/dashboard/assets/${asset}`, {
        headers: { 'If-None-Match': a.headers.get('etag') ?? '' },
      });
      expect(again.status).toBe(304);
    }
    expect((await ctx.app.request('/dashboard/assets/secret.js')).status).toBe(404);
    expect((await ctx.app.request('/dashboard/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('serves the esbuild bundle of src/dashboard/client, and says 503 when it was not built', async () => {
    const bundle = readBundle('dashboard.js');
    expect(bundle).toBeDefined();
    expect(await (await ctx.app.request('/dashboard/assets/dashboard.js')).text()).toBe(bundle);
    const { config, services } = ctx;
    const metrics = createMetrics({ defaultMetrics: false });
    const unbuilt = createApp({
      config,
      services,
      metrics,
      logger: silentLogger,
      dashboardScript: undefined,
    });
    const res = await unbuilt.request('/dashboard/assets/dashboard.js');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain('npm run build');
  });
});

/** A week of traffic on two publishers, so every chart has something to draw. */
async function weekOfTraffic(ctx: TestContext, setNow: (ms: number) => void): Promise<number> {
  const today = bucharestDay(Date.now());
  let clicks = 0;
  for (let d = 6; d >= 0; d--) {
    const day = addDays(today, -d);
    setNow(Math.min(Date.now(), bucharestMidnight(day) + 10 * 3600_000));
    const views = 18 + ((d * 7) % 11);
    for (let v = 0; v < views; v++) {
      const publisher = v % 3 === 0 ? 'digi24-site' : 'evz';
      const url = ARTICLES[v % ARTICLES.length] ?? '';
      const res = await ctx.app.request(`/v1/widget?publisher=${publisher}&url=${encodeURIComponent(url)}`);
      const a = (await res.json()) as { token: string; items: { id: string }[] };
      const ids = a.items.map((i) => i.id);
      if (!ids.length) continue;
      const impressionId = `pv-${day}-${v}-x`;
      const post = (type: string, items: string[]) =>
        ctx.app.request('/v1/events', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': BROWSER_UA },
          body: JSON.stringify({ token: a.token, type, items, impressionId }),
        });
      expect((await post('impression', ids)).status).toBe(204);
      await post('viewable', ids.slice(0, 4));
      if ((v + d) % 4 === 0) {
        await post('click', [ids[v % ids.length] ?? '']);
        clicks++;
      }
    }
    await ctx.services.events.flush();
  }
  setNow(Date.now());
  return clicks;
}

describe('dashboard in headless Chromium', () => {
  let ctx: TestContext;
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let origin = '';
  let partnerKey = '';
  let clicks = 0;
  let fixed: number | undefined;
  /** A partner feed served by this very server, where it is a 404: its first poll fails with a readable error. */
  const feedUrl = () => `http://feeds.digi24.ro:${new URL(origin).port}/rss`;

  beforeAll(async () => {
    ctx = await createTestContext({
      services: { now: () => fixed ?? Date.now(), answerCacheMs: 0, feedNetwork: FEED_NETWORK },
    });
    const keys = await seedExchange(ctx);
    partnerKey = keys.digi24 ?? '';
    const site = await ctx.app.request(
      '/v1/admin/publishers/digi24-site',
      jsonRequest('PUT', { name: 'Digi24', partnerId: 'digi24', fairExchange: true }, ADMIN_TOKEN),
    );
    expect(site.status).toBe(200);
    clicks = await weekOfTraffic(ctx, (ms) => {
      fixed = ms;
    });
    fixed = undefined;
    const top = await ctx.app.request('/v1/admin/reports/top?publisher=evz&limit=1', {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const first = ((await top.json()) as { headlines: { id: string }[] }).headlines[0];
    await ctx.app.request(
      '/v1/admin/publishers/evz/rules',
      jsonRequest('PUT', { pins: [{ id: first?.id, position: 1 }] }, ADMIN_TOKEN),
    );
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
    origin = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
    const feed = await ctx.app.request(
      '/v1/admin/partners/digi24/feeds',
      jsonRequest('POST', { url: feedUrl(), kind: 'rss' }, ADMIN_TOKEN),
    );
    expect(feed.status, await feed.clone().text()).toBe(201);
    await vi.waitFor(async () => {
      const res = await ctx.app.request('/v1/admin/partners/digi24/feeds', {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const { feeds } = (await res.json()) as { feeds: { lastError: string | null }[] };
      expect(feeds[0]?.lastError).toEqual(expect.any(String));
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await ctx?.close();
  });

  async function open(viewport: { width: number; height: number }) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('console', (m) => {
      // HTTP failures are checked below, with their URL.
      if (m.text().startsWith('Failed to load resource')) return;
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('response', (r) => {
      // Feed health is optional: a 404 there means the service has no feeds.
      if (r.status() >= 400 && !r.url().endsWith('/feeds')) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(origin)) problems.push(`foreign request: ${r.url()}`);
    });
    await page.goto(`${origin}/dashboard`);
    return { page, problems };
  }

  async function signIn(page: Page, token: string) {
    await page.getByLabel('Token sau cheie API').fill(token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#series .uplot canvas', { timeout: 10_000 });
    // Locators, not string predicates: the page's CSP forbids eval, which polling predicates need.
    await page.locator('#top tbody tr').first().waitFor();
  }

  /** Non-white pixels of the chart's canvas: the bars and the line were drawn. */
  const painted = (page: Page) =>
    page.evaluate(`(() => {
      const c = document.querySelector('#series canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
      return n;
    })()`) as Promise<number>;

  it('signs in with the admin token and draws the test data: series, balance bars, top headlines', async () => {
    const { page, problems } = await open({ width: 1280, height: 900 });
    await signIn(page, ADMIN_TOKEN);
    const series = page.locator('#series');
    expect(await series.getAttribute('data-days')).toBe('30');
    expect(await series.getAttribute('data-clicks')).toBe(String(clicks));
    expect(await page.locator('#series-table tbody tr').count()).toBe(30);
    expect(await painted(page)).toBeGreaterThan(500);
    // uPlot's legend names both series.
    const legend = (await page.locator('#series .u-legend').textContent()) ?? '';
    expect(legend).toContain('Clickuri');
    expect(legend).toContain('CTR');
    // Balance bars: evz and digi24 send clicks; every bar carries its numbers for screen readers.
    const bars = page.locator('#balance li');
    expect(await bars.count()).toBeGreaterThanOrEqual(3);
    const labels: string[] = [];
    for (let i = 0; i < (await bars.count()); i++)
      labels.push((await bars.nth(i).getAttribute('aria-label')) ?? '');
    expect(labels.some((l) => l.startsWith('EVZ: balanță -'))).toBe(true);
    const kpis = (await page.locator('#kpis').textContent()) ?? '';
    expect(kpis).toContain(String(clicks));
    expect(await page.locator('#top tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('#top .badge.pinned').count()).toBe(1);
    // Feed health (admin only): the failing feed with its partner and its error.
    await page.locator('#feeds-card').waitFor();
    const feedRows = page.locator('#feeds tbody tr');
    expect(await feedRows.count()).toBe(1);
    expect(await feedRows.first().locator('td').nth(0).textContent()).toBe('DIGI24');
    expect(await feedRows.first().locator('td').nth(1).textContent()).toBe(feedUrl());
    expect(await feedRows.first().locator('td.ko').textContent()).toMatch(/\S/);
    expect(await page.evaluate('sessionStorage.getItem("citeste-si.dashboard.token")')).toBe(ADMIN_TOKEN);
    await page.screenshot({ path: new URL('dashboard.png', ARTIFACTS).pathname, fullPage: true });

    // A reload keeps the session; the publisher filter narrows the data.
    await page.reload();
    await page.waitForSelector('#series .uplot canvas');
    await page.selectOption('#publisher', 'digi24-site');
    await page.locator('#top-title', { hasText: 'digi24-site' }).waitFor();
    expect(Number(await series.getAttribute('data-clicks'))).toBeLessThan(clicks);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('works for a partner key, from the keyboard, on a phone', async () => {
    const { page, problems } = await open({ width: 390, height: 844 });
    // A wrong key is refused with a message, and focus stays usable.
    await page.getByLabel('Token sau cheie API').fill('not-a-key');
    await page.keyboard.press('Enter');
    await page.locator('#signin-error', { hasText: /\S/ }).waitFor();
    await signIn(page, partnerKey);
    expect((await page.locator('#who').textContent()) ?? '').toContain('digi24');
    expect(await page.locator('#feeds-card').isVisible()).toBe(false);
    expect(await page.locator('#series .uplot canvas').count()).toBeGreaterThan(0);
    // Nothing wider than the screen.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: new URL('dashboard-phone.png', ARTIFACTS).pathname, fullPage: true });
    // Keyboard: sign out with the keyboard brings the form back.
    await page.locator('#signout').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#signin').isVisible()).toBe(true);
    // Only the refused key and the role probe (a partner key on the admin API) fail, as they should.
    expect(problems.filter((p) => !/^40[13] /.test(p))).toEqual([]);
    await page.close();
  }, 60_000);
});

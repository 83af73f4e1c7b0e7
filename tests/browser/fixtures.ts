// Browser-test fixtures: the real service on a socket, a publisher site on another origin, seeded headlines.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { createTestContext, type TestContext } from '../support/harness.js';
import { seed } from './headlines.js';

export interface Article {
  canonical: string;
  title: string;
  section?: string;
  keywords?: string;
  /** Markup of the article body, where the boxes go. */
  body: string;
}

export interface Sites {
  ctx: TestContext;
  /** Origin of the service (the embed script and the API). */
  service: string;
  /** Origin of the publisher's site: another port, so another origin. */
  site: string;
  /** Serves an article page at `path` on the publisher's site; returns its URL. */
  page(path: string, article: Article): string;
  close(): Promise<void>;
}

const listening = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

export async function startSites(options: Parameters<typeof createTestContext>[0] = {}): Promise<Sites> {
  const ctx = await createTestContext(options);
  await seed(ctx);
  const api = await new Promise<{ port: number; server: ReturnType<typeof serve> }>((resolve) => {
    const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ port: info.port, server }),
    );
  });
  const service = `http://127.0.0.1:${api.port}`;

  const pages = new Map<string, string>();
  const publisher = createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0] ?? '/');
    res.writeHead(html ? 200 : 404, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(html ?? 'not found');
  });
  const site = `http://127.0.0.1:${await listening(publisher)}`;

  return {
    ctx,
    service,
    site,
    page(path, a) {
      const meta = [
        a.section ? `<meta property="article:section" content="${a.section}">` : '',
        a.keywords ? `<meta name="keywords" content="${a.keywords}">` : '',
      ].join('');
      pages.set(
        path,
        `<!doctype html><html lang="ro"><head><meta charset="utf-8"><title>${a.title} - EVZ</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="canonical" href="${a.canonical}"><meta property="og:title" content="${a.title}">${meta}
<style>body{margin:0;font:18px/1.6 Georgia,serif;color:#222;background:#fff}
header{padding:14px 24px;background:#0b2545;color:#fff;font:700 22px system-ui,sans-serif}
main{max-width:760px;margin:0 auto;padding:8px 24px 40px}h1{font-size:30px;line-height:1.2;margin:18px 0 8px}</style>
</head><body><header>EVZ.ro</header><main><h1>${a.title}</h1>${a.body}</main>
<script async src="${service}/embed.js"></script></body></html>`,
      );
      return `${site}${path}`;
    },
    close: async () => {
      await new Promise((resolve) => publisher.close(resolve));
      await new Promise((resolve) => api.server.close(resolve));
      await ctx.close();
    },
  };
}

/**
 * Cumulative layout shift of the page: all of it, and the part after the page asked for the widget's
 * cards (what fetching and rendering them moved).
 */
export function layoutShift(page: Page): Promise<{ total: number; afterRequest: number }> {
  return page.evaluate(() => {
    const shifts = (window as unknown as { __shifts: { t: number; value: number }[] }).__shifts;
    const request = performance
      .getEntriesByType('resource')
      .find((r) => new URL(r.name).pathname === '/v1/widget');
    const since = request ? request.startTime : Number.POSITIVE_INFINITY;
    const sum = (list: { value: number }[]) => list.reduce((n, s) => n + s.value, 0);
    return { total: sum(shifts), afterRequest: sum(shifts.filter((s) => s.t >= since)) };
  });
}

export const launch = launchChromium;

const TILE_COLOURS = ['#1f6f8b', '#c8553d', '#588157', '#6d597a', '#e09f3e', '#33415c'];

/**
 * A fresh reader: its own storage, a desktop browser's user agent (the service ignores bots, and
 * headless Chromium says it is one), partner pages and images answered locally (there is no internet).
 */
export async function reader(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  });
  await context.route('https://img.parteneri.test/**', (route) => {
    const n = Number(new URL(route.request().url()).pathname.replace(/\D/g, '')) || 0;
    const colour = TILE_COLOURS[n % TILE_COLOURS.length];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colour}"/><stop offset="1" stop-color="#0b2545"/></linearGradient></defs><rect width="640" height="360" fill="url(#g)"/><circle cx="500" cy="90" r="60" fill="#fff" fill-opacity=".18"/><path d="M0 300 L200 180 L330 260 L460 150 L640 290 V360 H0Z" fill="#fff" fill-opacity=".22"/></svg>`;
    return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg });
  });
  await context.route(/^https:\/\/www\.(digi24|hotnews|libertatea|evz)\.ro\//, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><title>partner</title><p>partner article',
    }),
  );
  // The answer comes a little late, as over a real network: the page is painted before the cards arrive.
  await context.route(
    (url) => url.pathname === '/v1/widget',
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await route.continue();
    },
  );
  // Layout shifts of the whole page as Core Web Vitals count them (none right after an input), with their times.
  await context.addInitScript(() => {
    const w = window as unknown as { __shifts: { t: number; value: number }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        startTime: number;
        value: number;
        hadRecentInput: boolean;
      }[])
        if (!e.hadRecentInput) w.__shifts.push({ t: e.startTime, value: e.value });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return context;
}

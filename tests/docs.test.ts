// /docs and /docs/guide: served whole by the service (no CDN), under a strict CSP, rendered in headless Chromium.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createTestContext, type TestContext } from './support/harness.js';

let ctx: TestContext;
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;

beforeAll(async () => {
  ctx = await createTestContext();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

interface Visit {
  page: Page;
  /** Requests that tried to leave the machine (aborted). */
  outside: string[];
  /** Every URL the page asked for. */
  requested: string[];
  errors: string[];
  cspViolations: string[];
}

/** Opens a page with every request intercepted: 127.0.0.1 goes through, anything else is aborted and recorded. */
async function visit(path: string): Promise<Visit> {
  const page = await browser.newPage();
  const v: Visit = { page, outside: [], requested: [], errors: [], cspViolations: [] };
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    v.requested.push(url.href);
    if (url.protocol === 'data:' || url.hostname === '127.0.0.1') return route.continue();
    v.outside.push(url.href);
    return route.abort();
  });
  page.on('pageerror', (err) => v.errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') v.errors.push(msg.text());
    if (/Content Security Policy/i.test(msg.text())) v.cspViolations.push(msg.text());
  });
  const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  return v;
}

describe('/docs', () => {
  it('renders every operation of /openapi.json with Swagger UI, with no request leaving the machine', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { summary: string }>>;
    };
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item)).length;

    const v = await visit('/docs');
    await v.page.waitForSelector('.opblock', { timeout: 15_000 });
    await expect.poll(() => v.page.locator('.opblock').count()).toBe(operations);
    // Swagger UI lists schema and $ref resolution problems in an errors panel: there is none.
    expect(await v.page.locator('.errors-wrapper').count()).toBe(0);
    const text = (await v.page.locator('#swagger-ui').textContent()) ?? '';
    expect(text).toContain('Push headlines');
    expect(text).toContain('/v1/admin/partners/{id}/keys');
    expect(text).toMatch(/Citește și/);

    // Open the push operation: its Romanian example is there.
    await v.page.locator('#operations-partner-postV1Headlines .opblock-summary').click();
    await expect
      .poll(() => v.page.locator('#operations-partner-postV1Headlines').textContent())
      .toContain('Guvernul a aprobat bugetul');
    // The Authorize dialog offers both bearer schemes.
    await v.page.locator('.btn.authorize').click();
    const dialog = (await v.page.locator('.dialog-ux').textContent()) ?? '';
    expect(dialog).toContain('adminToken');
    expect(dialog).toContain('partnerKey');

    expect(v.outside, 'requests to other hosts').toEqual([]);
    expect(v.cspViolations).toEqual([]);
    expect(v.errors).toEqual([]);
    expect(v.requested.some((u) => u.includes('/docs/assets/swagger-ui-bundle.js'))).toBe(true);
    expect(v.requested.some((u) => u.endsWith('/openapi.json'))).toBe(true);
    await v.page.close();
  });

  it('serves the page under a self-only CSP and its assets with long cache lifetimes and right types', async () => {
    const page = await ctx.app.request('/docs');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    const html = await page.text();
    expect(html).not.toMatch(/<script>|\son\w+=|https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(4);

    const types: Record<string, RegExp> = { js: /^text\/javascript/, css: /^text\/css/, png: /^image\/png/ };
    for (const asset of assets) {
      const res = await ctx.app.request(asset);
      expect(res.status, asset).toBe(200);
      const ext = asset.split('?')[0]?.split('.').pop() ?? '';
      expect(res.headers.get('content-type'), asset).toMatch(types[ext] ?? /^$/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = res.headers.get('etag') ?? '';
      expect((await ctx.app.request(asset, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    }
    // Only the files the page needs: nothing else from node_modules is reachable.
    for (const path of [
      '/docs/assets/package.json',
      '/docs/assets/..%2F..%2Fpackage.json',
      '/docs/assets/index.html',
    ]) {
      expect((await ctx.app.request(path)).status, path).toBe(404);
    }
  });
});

describe('/docs/guide', () => {
  it('shows partners and publishers how to integrate, in Romanian and English, with nothing from outside', async () => {
    const v = await visit('/docs/guide');
    const text = (await v.page.locator('main').textContent()) ?? '';
    // Partners: curl and Node fetch against this very deployment.
    expect(text).toContain(`curl -X POST ${base}/v1/headlines`);
    expect(text).toContain(`await fetch('${base}/v1/headlines'`);
    // Publishers: the two-line embed, options, theming, the iframe/AMP variant.
    expect(text).toContain('<div data-citeste-si data-publisher="evz"></div>');
    expect(text).toContain(`<script async src="${base}/embed.js"></script>`);
    for (const word of [
      'data-limit',
      'data-layout',
      'data-columns',
      '--cs-accent',
      '/v1/widget.html',
      '<amp-iframe',
    ])
      expect(text).toContain(word);
    expect(text).toContain('Integrare în 10 minute');
    expect(text).toContain('Integrate in 10 minutes');
    expect(v.outside).toEqual([]);
    expect(v.cspViolations).toEqual([]);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });
});

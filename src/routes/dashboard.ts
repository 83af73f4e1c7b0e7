// The dashboard page and its assets, all served from the service itself (strict CSP: 'self' only).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { DASHBOARD_HTML } from '../dashboard/page.js';
import { DASHBOARD_CSS } from '../dashboard/style.js';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: string;
  type: string;
  etag: string;
}

const asset = (body: string, type: string): Asset => ({
  body,
  type,
  etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
});

/** uPlot's browser build from node_modules; undefined when the package is missing. */
function uplotFile(name: string): string | undefined {
  try {
    return readFileSync(createRequire(import.meta.url).resolve(`uplot/dist/${name}`), 'utf8');
  } catch {
    return undefined;
  }
}

/** The page and its assets; `script` is the bundled browser code (dist/dashboard.js), undefined when not built. */
export function dashboardRoutes(script: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const page = asset(DASHBOARD_HTML, 'text/html; charset=utf-8');
  // A missing asset maps to the reason it is missing.
  const assets = new Map<string, Asset | string>([
    [
      'dashboard.js',
      script === undefined
        ? 'The dashboard script was not built (run npm run build)'
        : asset(script, 'text/javascript; charset=utf-8'),
    ],
    ['dashboard.css', asset(DASHBOARD_CSS, 'text/css; charset=utf-8')],
  ]);
  for (const [name, type] of [
    ['uPlot.iife.min.js', 'text/javascript; charset=utf-8'],
    ['uPlot.min.css', 'text/css; charset=utf-8'],
  ] as const) {
    const body = uplotFile(name);
    assets.set(
      name,
      body === undefined ? 'The chart library is not installed (npm install)' : asset(body, type),
    );
  }

  app.get('/dashboard', (c) => {
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-cache');
    c.header('X-Frame-Options', 'DENY');
    return c.body(page.body, 200, { 'Content-Type': page.type });
  });

  app.get('/dashboard/assets/:name', (c) => {
    const name = c.req.param('name');
    const found = assets.get(name);
    if (found === undefined) throw new ApiError('not_found', `No dashboard asset "${name}"`);
    if (typeof found === 'string') throw new ApiError('unavailable', found);
    c.header('Cache-Control', 'public, max-age=300');
    c.header('ETag', found.etag);
    if (c.req.header('if-none-match') === found.etag) return c.body(null, 304);
    return c.body(found.body, 200, { 'Content-Type': found.type });
  });

  return app;
}

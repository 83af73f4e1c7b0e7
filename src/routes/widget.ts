// Public widget API: the ranked answer for one article, as JSON. CORS open, short-lived cache.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { queryInput } from '../http/input.js';
import type { Metrics } from '../metrics.js';
import type { Services } from '../services/index.js';
import type { WidgetRequest } from '../services/widget.js';
import { ID_PATTERN } from './admin.js';

const list = (maxItems: number, itemMax: number) =>
  z
    .string()
    .max(maxItems * (itemMax + 1))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && s.length <= itemMax)
        .slice(0, maxItems),
    );

const text = (max: number) =>
  z
    .string()
    .max(max * 2)
    .transform((v) => v.normalize('NFC').trim().slice(0, max));

export const WidgetQuery = z.object({
  publisher: z.string().regex(ID_PATTERN, 'must be a publisher id'),
  url: z.string().max(2048).optional(),
  title: text(500).optional(),
  section: text(100).optional(),
  keywords: list(30, 60).optional(),
  limit: z.coerce.number().int().min(1).max(20).optional(),
  exclude: list(50, 20).optional(),
  /** Page-view id: keeps an experiment's variant stable across the requests of one view. */
  pv: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, _ or -')
    .optional(),
});

export function toWidgetRequest(q: z.output<typeof WidgetQuery>): WidgetRequest {
  return {
    publisherId: q.publisher,
    url: q.url,
    title: q.title,
    section: q.section,
    keywords: q.keywords,
    limit: q.limit,
    exclude: q.exclude,
    pageView: q.pv,
  };
}

export function widgetRoutes(services: Services, metrics: Metrics, cacheSeconds: number): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // A cached answer is the same object each time: serialise it and hash it once.
  const serialized = new WeakMap<object, { body: string; etag: string }>();
  app.use('*', cors({ origin: '*', allowMethods: ['GET'], maxAge: 86400 }));

  app.get('/', async (c) => {
    const query = queryInput(c, WidgetQuery);
    const answer = await services.widget.answer(toWidgetRequest(query));
    if (!answer) throw new ApiError('not_found', `No publisher "${query.publisher}"`);
    let wire = serialized.get(answer);
    metrics.widgetAnswers.inc({ cache: wire ? 'hit' : 'miss' });
    if (!wire) {
      const body = JSON.stringify(answer);
      wire = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      serialized.set(answer, wire);
    }
    const { body, etag } = wire;
    c.header('Cache-Control', `public, max-age=${cacheSeconds}`);
    c.header('ETag', etag);
    c.header('Vary', 'Origin');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  return app;
}

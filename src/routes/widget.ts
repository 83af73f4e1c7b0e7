// Public widget API: the ranked answer for one article, as JSON. CORS open, short-lived cache.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { requestHeader } from '../http/answer.js';
import { openCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { queryInput } from '../http/input.js';
import type { Metrics } from '../metrics.js';
import { headlineExample, ITEM_ID, TOKEN_EXAMPLE } from '../openapi/examples.js';
import { isoTime, itemId } from '../openapi/schemas.js';
import type { Describes, OperationDoc } from '../openapi/types.js';
import type { Services } from '../services/index.js';
import type { WidgetAnswer, WidgetRequest } from '../services/widget.js';
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

const UTF8 = new TextEncoder();

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

// The answer as documented: exactly the service's WidgetAnswer (checked by the compiler and by the tests).
const WidgetAnswerSchema = z.strictObject({
  publisher: z.string(),
  title: z.string(),
  token: z.string().meta({ description: 'Signed; names the items served. Send it back with events.' }),
  items: z.array(
    z.strictObject({
      id: itemId,
      url: z.string(),
      title: z.string(),
      imageUrl: z.string().optional(),
      thumbnail: z
        .strictObject({ src: z.string(), srcset: z.string() })
        .optional()
        .meta({ description: 'Card-sized versions of imageUrl served by this service' }),
      outlet: z.strictObject({ id: z.string(), name: z.string(), logoUrl: z.string().optional() }),
      category: z.string().optional(),
      publishedAt: isoTime,
    }),
  ),
});
true satisfies Describes<typeof WidgetAnswerSchema, WidgetAnswer>;

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
  // A cached answer is the same object each time: serialise it, encode it and hash it once. The body goes out as
  // bytes: a string body is measured (Buffer.byteLength) and encoded again on every answer.
  const serialized = new WeakMap<object, { body: Uint8Array<ArrayBuffer>; etag: string }>();
  const cacheControl = `public, max-age=${cacheSeconds}`;
  app.use('*', openCors({ allowMethods: ['GET'], maxAge: 86400 }));

  app.get('/', async (c) => {
    const query = queryInput(c, WidgetQuery);
    const answer = await services.widget.answer(toWidgetRequest(query));
    if (!answer) throw new ApiError('not_found', `No publisher "${query.publisher}"`);
    let wire = serialized.get(answer);
    metrics.widgetAnswers.inc({ cache: wire ? 'hit' : 'miss' });
    if (!wire) {
      const body = UTF8.encode(JSON.stringify(answer));
      wire = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      serialized.set(answer, wire);
    }
    const { body, etag } = wire;
    // A plain header object keeps the answer on the server adapter's lightweight path (c.header() builds Headers).
    const headers = { 'Cache-Control': cacheControl, ETag: etag, Vary: 'Origin' };
    if (requestHeader(c, 'if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
    });
  });

  return app;
}

export const widgetOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/v1/widget',
    tag: 'widget',
    auth: 'none',
    summary: 'The ranked box for one article',
    description:
      'Headlines ranked for the article (its stored headline when the URL is known, else `title`, `section`, ' +
      "`keywords`), fresh and learning from clicks; never the article itself, the publisher's own outlet, an " +
      'excluded partner or category, or more than `maxPerOutlet` items of one outlet. CORS `*`; cacheable ' +
      '(`ETag`, `Cache-Control: max-age`). `keywords` and `exclude` are comma-separated.',
    query: WidgetQuery,
    responses: {
      200: {
        description: 'The items, with a signed token naming them',
        schema: WidgetAnswerSchema,
        headers: { ETag: 'Answer version', 'Cache-Control': 'public, max-age=WIDGET_CACHE_SECONDS' },
        example: {
          publisher: 'evz',
          title: 'Citește și',
          token: TOKEN_EXAMPLE,
          items: [
            {
              id: ITEM_ID,
              url: headlineExample.url,
              title: headlineExample.title,
              imageUrl: headlineExample.imageUrl,
              outlet: { id: 'digi24', name: 'Digi24' },
              category: 'Actualitate',
              publishedAt: '2026-11-29T07:00:00.000Z',
            },
          ],
        },
      },
      304: { description: 'Not modified (`If-None-Match` matched)' },
    },
    problems: [400, 404],
  },
];

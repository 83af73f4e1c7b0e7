// Admin API for partner feeds, mounted inside adminRoutes (which checks the ADMIN_TOKEN bearer).
import { Hono } from 'hono';
import { z } from 'zod';
import { FEED_KINDS } from '../domain.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, pathInput } from '../http/input.js';
import { NOW } from '../openapi/examples.js';
import { fieldErrors, isoTime } from '../openapi/schemas.js';
import type { Describes, OperationDoc } from '../openapi/types.js';
import { HeadlineInputSchema } from '../services/headlines.js';
import type { Services } from '../services/index.js';

export const FeedBody = z.strictObject({
  url: z.string().max(2048),
  kind: z.enum(FEED_KINDS).optional(),
  // The same rule as a headline's category, which it stands in for.
  category: HeadlineInputSchema.shape.category,
  intervalSeconds: z.number().int().positive().max(86_400).optional(),
});

// An id that cannot exist is simply not found: the partner id rules live with partner creation.
export const PartnerParams = z.object({ id: z.string().min(1).max(64) });
export const FeedParams = PartnerParams.extend({
  feedId: z.string().regex(/^[0-9a-f]{16}$/, 'must be a feed id'),
});

const FeedSchema = z.strictObject({
  id: z.string(),
  partnerId: z.string(),
  url: z.string(),
  kind: z.enum(FEED_KINDS).nullable(),
  category: z.string().optional(),
  intervalSeconds: z.number().int(),
  createdAt: isoTime,
  lastPolledAt: isoTime.nullable(),
  lastSuccessAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  nextPollAt: isoTime,
  lastRejections: z.array(
    z.strictObject({
      item: z.number().int().optional().meta({ description: "The item's 1-based position in the document" }),
      url: z.string().optional(),
      errors: fieldErrors,
    }),
  ),
  lastPoll: z
    .strictObject({
      items: z.number().int(),
      accepted: z.number().int(),
      rejected: z
        .number()
        .int()
        .meta({ description: 'Every refused item, by the reading or the validation' }),
      reasons: z.array(z.strictObject({ reason: z.string(), count: z.number().int() })),
      encoding: z.string().meta({ description: 'WHATWG name of the character set the body was read in' }),
      encodingNote: z
        .string()
        .optional()
        .meta({ description: 'Set when the bytes overruled the declared charset' }),
    })
    .nullable()
    .meta({ description: 'What the last ingested document held; null before one' }),
});
true satisfies Describes<typeof FeedSchema, Awaited<ReturnType<Services['feeds']['create']>>>;

const FeedEnvelopeSchema = z.strictObject({ feed: FeedSchema });
const FeedListSchema = z.strictObject({ feeds: z.array(FeedSchema) });

/** Only ever mounted behind adminAuth. */
export function feedRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/partners/:id/feeds', async (c) => {
    const { id } = pathInput(c, PartnerParams);
    const body = await jsonBody(c, FeedBody);
    return c.json({ feed: await services.feeds.create(id, body) }, 201);
  });

  app.get('/partners/:id/feeds', async (c) => {
    const { id } = pathInput(c, PartnerParams);
    return c.json({ feeds: await services.feeds.list(id) });
  });

  app.delete('/partners/:id/feeds/:feedId', async (c) => {
    const { id, feedId } = pathInput(c, FeedParams);
    await services.feeds.delete(id, feedId);
    return c.body(null, 204);
  });

  return app;
}

const feedExample = {
  id: '9c1e4b7a2d3f5e60',
  partnerId: 'digi24',
  url: 'https://www.digi24.ro/rss',
  kind: 'rss',
  category: 'Actualitate',
  intervalSeconds: 300,
  createdAt: NOW,
  lastPolledAt: '2026-11-29T09:05:00.000Z',
  lastSuccessAt: '2026-11-29T09:05:00.000Z',
  lastError: null,
  accepted: 148,
  rejected: 2,
  nextPollAt: '2026-11-29T09:10:00.000Z',
  lastRejections: [
    {
      item: 7,
      url: 'https://www.digi24.ro/stiri/actualitate/x-3012',
      errors: [
        {
          path: 'publishedAt',
          message: 'unreadable date "ieri" (RFC 822, ISO 8601 or day-first dd.mm.yyyy expected)',
        },
      ],
    },
  ],
  lastPoll: {
    items: 150,
    accepted: 148,
    rejected: 2,
    reasons: [
      {
        reason: 'publishedAt: unreadable date "ieri" (RFC 822, ISO 8601 or day-first dd.mm.yyyy expected)',
        count: 1,
      },
      { reason: "url: host must be one of the partner's domains (digi24.ro)", count: 1 },
    ],
    encoding: 'utf-8',
  },
};

export const feedOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/v1/admin/partners/{id}/feeds',
    tag: 'admin',
    auth: 'admin',
    summary: "Register a partner's feed",
    description:
      'An RSS 2.0 or Atom feed, or a Google News sitemap, that the service polls for the partner (no code on the ' +
      "partner's side). `kind` is detected when absent; `intervalSeconds` defaults to 300 and never goes below " +
      '`FEEDS_MIN_INTERVAL_SECONDS`. Items go through the same validation as pushed headlines. Polled at once.',
    params: PartnerParams,
    body: {
      schema: FeedBody,
      example: {
        url: 'https://www.digi24.ro/rss',
        kind: 'rss',
        category: 'Actualitate',
        intervalSeconds: 300,
      },
    },
    responses: {
      201: { description: 'Registered', schema: FeedEnvelopeSchema, example: { feed: feedExample } },
    },
    problems: [404, 409],
  },
  {
    method: 'get',
    path: '/v1/admin/partners/{id}/feeds',
    tag: 'admin',
    auth: 'admin',
    summary: "List a partner's feeds and their health",
    description:
      'Every feed of the partner with its last poll, last success, last error, item counts and next poll.',
    params: PartnerParams,
    responses: {
      200: { description: 'The feeds', schema: FeedListSchema, example: { feeds: [feedExample] } },
    },
    problems: [404],
  },
  {
    method: 'delete',
    path: '/v1/admin/partners/{id}/feeds/{feedId}',
    tag: 'admin',
    auth: 'admin',
    summary: 'Remove a feed',
    description: 'Stops polling the feed; the headlines it brought stay until they expire.',
    params: FeedParams,
    responses: { 204: { description: 'Removed' } },
    problems: [404],
  },
];

// Partner API: push, delete and list the partner's own headlines. Bearer partner API key.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, queryInput } from '../http/input.js';
import { partnerAuth, rateLimit } from '../http/middleware.js';
import type { Metrics } from '../metrics.js';
import { headlineExample, ITEM_ID, NOW } from '../openapi/examples.js';
import { fieldErrors, isoTime, itemId } from '../openapi/schemas.js';
import type { Describes, OperationDoc } from '../openapi/types.js';
import { HeadlineInputSchema } from '../services/headlines.js';
import type { Services } from '../services/index.js';
import { LIMITS } from '../shared/limits.js';

// Items are checked one by one by the service, so one bad item never sinks the batch.
export const PushBody = z.object({
  headlines: z
    .array(z.unknown())
    .min(1, 'send at least one headline')
    .max(LIMITS.batch, `send at most ${LIMITS.batch} headlines per request`),
});

export const DeleteQuery = z.object({ url: z.string().min(1).max(LIMITS.url) });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

/** The push body as documented: the route checks the envelope, the service checks each item with this schema. */
const PushBodyDoc = PushBody.extend({
  headlines: z.array(HeadlineInputSchema).min(1).max(LIMITS.batch),
});

const PushResultSchema = z.strictObject({
  accepted: z.number().int(),
  rejected: z.array(
    z.strictObject({
      index: z.number().int().meta({ description: 'Position of the item in the pushed array' }),
      errors: fieldErrors,
    }),
  ),
});
type PushAnswer = Omit<Awaited<ReturnType<Services['headlines']['push']>>, 'headlines'>;
true satisfies Describes<typeof PushResultSchema, PushAnswer>;

const StoredHeadlineSchema = z.strictObject({
  id: itemId,
  partnerId: z.string(),
  url: z.string().meta({ description: 'Canonical URL' }),
  title: z.string(),
  summary: z.string().optional(),
  imageUrl: z.string().optional(),
  category: z.string().optional(),
  tags: z.array(z.string()),
  publishedAt: isoTime,
  expiresAt: isoTime,
  updatedAt: isoTime,
});

const HeadlinePageSchema = z.strictObject({
  headlines: z.array(StoredHeadlineSchema),
  nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page' }),
});
true satisfies Describes<typeof HeadlinePageSchema, Awaited<ReturnType<Services['headlines']['list']>>>;

export function headlineRoutes(services: Services, metrics: Metrics): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', partnerAuth(services.partners));
  app.post(
    '*',
    rateLimit(services.limits.push, (c) => c.get('partner').id),
  );

  app.post('/', async (c) => {
    const { headlines } = await jsonBody(c, PushBody);
    const result = await services.headlines.push(c.get('partner'), headlines);
    metrics.headlinesPushed.inc({ result: 'accepted' }, result.accepted);
    metrics.headlinesPushed.inc({ result: 'rejected' }, result.rejected.length);
    return c.json({ accepted: result.accepted, rejected: result.rejected } satisfies PushAnswer);
  });

  app.delete('/', async (c) => {
    const { url } = queryInput(c, DeleteQuery);
    const deleted = await services.headlines.delete(c.get('partner'), url);
    if (!deleted) throw new ApiError('not_found', 'You have no live headline with this URL');
    return c.body(null, 204);
  });

  app.get('/', async (c) => {
    const { limit, cursor } = queryInput(c, ListQuery);
    const page = await services.headlines.list(c.get('partner'), limit, cursor);
    return c.json(page);
  });

  return app;
}

export const headlineOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/v1/headlines',
    tag: 'partner',
    auth: 'partner',
    summary: 'Push headlines',
    description:
      '1 to 500 headlines per request. Each item is validated on its own: valid ones are stored (a `200` means ' +
      'they survive a restart), invalid ones come back in `rejected` with their index and errors. A headline is ' +
      'keyed by its canonical URL, so pushing the same URL again updates it. The URL host must be one of the ' +
      "partner's domains or a subdomain; `imageUrl` must be https. Without `expiresAt` a headline lives " +
      '`HEADLINE_TTL_HOURS` (72 h) from `publishedAt`. A partner keeps at most `PARTNER_MAX_HEADLINES` ' +
      '(20,000) live headlines: past that a new URL is rejected, an update of a live one still goes in.',
    body: {
      schema: PushBodyDoc,
      example: { headlines: [headlineExample] },
    },
    responses: {
      200: {
        description: 'What was accepted and what was rejected, item by item',
        schema: PushResultSchema,
        example: {
          accepted: 1,
          rejected: [
            {
              index: 1,
              errors: [{ path: 'url', message: "host must be one of the partner's domains (digi24.ro)" }],
            },
          ],
        },
      },
    },
    problems: [429],
  },
  {
    method: 'delete',
    path: '/v1/headlines',
    tag: 'partner',
    auth: 'partner',
    summary: 'Delete a headline',
    description: 'Removes one of your live headlines by URL (any form of it: it is canonicalised first).',
    query: DeleteQuery,
    responses: { 204: { description: 'Deleted' } },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/headlines',
    tag: 'partner',
    auth: 'partner',
    summary: 'List your live headlines',
    description: 'Your own live headlines, newest first, a page at a time (`nextCursor` while more remain).',
    query: ListQuery,
    responses: {
      200: {
        description: 'A page of headlines',
        schema: HeadlinePageSchema,
        example: {
          headlines: [
            {
              id: ITEM_ID,
              partnerId: 'digi24',
              ...headlineExample,
              expiresAt: '2026-12-02T07:00:00.000Z',
              updatedAt: NOW,
            },
          ],
          nextCursor: 'WzE3OTY2MzQwMDAwMDAsIjNmOWExYzJiN2Q0ZTVmNjBhMWIyIl0',
        },
      },
    },
    problems: [400],
  },
];

// Public event API and click redirect: only what a signed widget token served is counted or followed.
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { requestHeader } from '../http/answer.js';
import { openCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody } from '../http/input.js';
import { rateLimit } from '../http/middleware.js';
import { ITEM_ID, TOKEN_EXAMPLE } from '../openapi/examples.js';
import type { OperationDoc } from '../openapi/types.js';
import { type EventClient, spendOrRefuse } from '../services/events.js';
import type { Services } from '../services/index.js';

const itemId = z.string().regex(/^[0-9a-f]{20}$/, 'must be an item id from the widget answer');

export const EventBody = z.strictObject({
  token: z.string().min(1).max(1024),
  type: z.enum(['impression', 'viewable', 'click']),
  items: z.array(itemId).min(1).max(20),
  impressionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, _ or -')
    .optional(),
});

export const RedirectParams = z.object({ token: z.string().min(1).max(1024), itemId });

/**
 * The client's address: behind a trusted proxy, the X-Forwarded-For hop that proxy appended (the last one;
 * earlier ones are whatever the client sent), else the socket's.
 */
export function clientOf(c: Context<AppEnv>, trustProxy: boolean): EventClient {
  const forwarded = trustProxy ? requestHeader(c, 'x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  let ip = forwarded ?? '';
  if (!ip) {
    try {
      ip = getConnInfo(c).remote.address ?? '';
    } catch {
      ip = '';
    }
  }
  return { ip, userAgent: requestHeader(c, 'user-agent') ?? '' };
}

/** Spends one point of `limiter` per request from one client address. */
export function perClient(
  limiter: Services['limits']['push'],
  trustProxy: boolean,
): MiddlewareHandler<AppEnv> {
  return rateLimit(limiter, (c) => clientOf(c, trustProxy).ip || undefined);
}

export function eventRoutes(services: Services, trustProxy: boolean): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', openCors({ allowMethods: ['POST'], allowHeaders: ['Content-Type'], maxAge: 86400 }));
  // Every event request spends a point of its address's budget; a valid one also its token's (report(); both
  // in memory, shared through the store in batches). A request the budget refuses is answered 429 whatever its body.
  const budget = services.limits.eventsPerClient;
  app.post('/', async (c) => {
    const client = clientOf(c, trustProxy);
    let body: z.infer<typeof EventBody>;
    try {
      body = await jsonBody(c, EventBody, { acceptText: true });
    } catch (err) {
      if (client.ip) await spendOrRefuse(budget.consume(client.ip));
      throw err;
    }
    await services.events.report(body, client, budget);
    return c.body(null, 204);
  });

  return app;
}

export function redirectRoutes(services: Services, trustProxy: boolean): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', perClient(services.limits.redirectsPerClient, trustProxy));
  app.get('/:token/:itemId', (c) => {
    const parsed = RedirectParams.safeParse(c.req.param());
    if (!parsed.success) throw new ApiError('bad_request', 'This link is not valid');
    // Link checkers and prefetchers send HEAD: answer it, but only a real GET is a reader's click.
    const target = services.events.click(parsed.data.token, parsed.data.itemId, clientOf(c, trustProxy), {
      count: c.req.method !== 'HEAD',
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(target, 302);
  });
  return app;
}

export const eventOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/v1/events',
    tag: 'widget',
    auth: 'none',
    summary: 'Report impressions, viewable impressions and clicks',
    description:
      'Counts events for items a widget token served; each (page view, type, item) counts once. Accepted as ' +
      '`text/plain` too, so `navigator.sendBeacon` needs no preflight. `400` for a bad or expired token, or an item ' +
      'the token did not serve.',
    body: {
      schema: EventBody,
      contentTypes: ['application/json', 'text/plain'],
      example: { token: TOKEN_EXAMPLE, type: 'viewable', items: [ITEM_ID], impressionId: 'pv_8fJ2kL0qRt' },
    },
    responses: { 204: { description: 'Counted (or deduplicated)' } },
    problems: [429],
  },
  {
    method: 'get',
    path: '/r/{token}/{itemId}',
    tag: 'widget',
    auth: 'none',
    summary: 'Click redirect',
    description:
      "Counts a click and redirects to the item's URL. Never redirects anywhere the token did not serve; " +
      '`400` for anything else.',
    params: RedirectParams,
    responses: {
      302: { description: "Redirect to the headline's URL", headers: { Location: 'The headline URL' } },
    },
    problems: [400, 429],
  },
];

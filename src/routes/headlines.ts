// Partner API: push, delete and list the partner's own headlines. Bearer partner API key.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, queryInput } from '../http/input.js';
import { partnerAuth, rateLimit } from '../http/middleware.js';
import type { Metrics } from '../metrics.js';
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
    return c.json({ accepted: result.accepted, rejected: result.rejected });
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

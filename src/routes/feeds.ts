// Admin API for partner feeds, mounted inside adminRoutes (which checks the ADMIN_TOKEN bearer).
import { Hono } from 'hono';
import { z } from 'zod';
import { FEED_KINDS } from '../domain.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, pathInput } from '../http/input.js';
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

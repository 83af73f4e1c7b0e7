// The embed script, bundled at build time and served with a long cache lifetime.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { ApiError } from '../errors.js';
import { openCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';

export function embedRoutes(script: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const etag = script === undefined ? '' : `"${createHash('sha1').update(script).digest('base64url')}"`;
  app.use('/embed.js', openCors({ allowMethods: ['GET'] }));
  app.get('/embed.js', (c) => {
    if (script === undefined)
      throw new ApiError('unavailable', 'The embed script was not built (run npm run build)');
    c.header('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
    c.header('ETag', etag);
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  return app;
}

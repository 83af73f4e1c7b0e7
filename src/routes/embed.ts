// The embed script, bundled at build time and served with a long cache lifetime.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { requestHeader } from '../http/answer.js';
import { openCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import type { OperationDoc } from '../openapi/types.js';

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
    if (requestHeader(c, 'if-none-match') === etag) return c.body(null, 304);
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  return app;
}

export const embedOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/embed.js',
    tag: 'widget',
    auth: 'none',
    summary: 'The embed script',
    description:
      'Renders the box into every `[data-citeste-si]` element of the page and reports impressions, viewable ' +
      'impressions and clicks. See /docs/guide for the two-line embed and its options.',
    responses: {
      200: {
        description: 'JavaScript',
        contentType: 'text/javascript; charset=utf-8',
        schema: z.string(),
        headers: { ETag: 'Script version', 'Cache-Control': 'public, max-age=3600' },
      },
      304: { description: 'Not modified' },
    },
    problems: [503],
  },
];

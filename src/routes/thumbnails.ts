// Public card thumbnails: GET /v1/thumbnails/{headlineId}/{version}/{width}, WebP or JPEG by Accept, immutable.
import { Hono } from 'hono';
import { z } from 'zod';
import { openCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { pathInput } from '../http/input.js';
import type { OperationDoc } from '../openapi/types.js';
import type { Services } from '../services/index.js';
import { THUMBNAIL_WIDTHS, type ThumbnailFormat, type ThumbnailWidth } from '../shared/limits.js';

export const Params = z.object({
  id: z.string().regex(/^[0-9a-f]{20}$/, 'must be a headline id'),
  version: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be an image version'),
  width: z.enum(THUMBNAIL_WIDTHS.map(String) as [string, ...string[]]).transform(Number),
});

// The version in the path names the source image, so a URL's bytes never change: cache for a week.
const CACHE_CONTROL = 'public, max-age=604800, immutable';

export function thumbnailRoutes(thumbnails: Services['thumbnails']): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', openCors({ allowMethods: ['GET'], exposeHeaders: ['ETag'], maxAge: 86400 }));

  app.get('/:id/:version/:width', async (c) => {
    const { id, version, width } = pathInput(c, Params);
    const format: ThumbnailFormat = acceptsWebp(c.req.header('accept')) ? 'webp' : 'jpeg';
    const thumb = await thumbnails.get(id, version, width as ThumbnailWidth, format);
    c.header('Cache-Control', CACHE_CONTROL);
    c.header('ETag', thumb.etag);
    c.header('Vary', 'Accept');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (etagMatches(c.req.header('if-none-match'), thumb.etag)) return c.body(null, 304);
    return c.body(new Uint8Array(thumb.body), 200, {
      'Content-Type': `image/${thumb.format}`,
      'Content-Length': String(thumb.body.length),
    });
  });

  return app;
}

/** True when the Accept header lists image/webp with a non-zero quality (browsers that decode it do). */
export function acceptsWebp(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type !== 'image/webp') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export const thumbnailOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/v1/thumbnails/{id}/{version}/{width}',
    tag: 'widget',
    auth: 'none',
    summary: 'Card thumbnail',
    description:
      "A headline's image resized for the card, WebP when the `Accept` header allows it, else JPEG. `version` " +
      "names the source image, so a URL's bytes never change (`Cache-Control: immutable`, one week). `404` when " +
      'the headline has no image that can be served. CORS `*`.',
    params: Params,
    responses: {
      200: {
        description: 'The image',
        contentType: 'image/webp',
        schema: z.string().meta({ format: 'binary' }),
        alternatives: { 'image/jpeg': '(binary)' },
        headers: {
          ETag: 'Image version',
          Vary: 'Accept',
          'Cache-Control': 'public, max-age=604800, immutable',
        },
      },
      304: { description: 'Not modified' },
    },
    problems: [404],
  },
];

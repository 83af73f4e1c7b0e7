// Documentation: the OpenAPI document, Swagger UI over it and the integration guide, every asset served from here.
import { Hono } from 'hono';
import { ApiError } from '../errors.js';
import { pagePolicy } from '../http/answer.js';
import type { AppEnv } from '../http/env.js';
import { docsAsset } from '../openapi/assets.js';
import { openApiJson } from '../openapi/document.js';
import { DOCS_CSP, guidePage, swaggerPage } from '../openapi/pages.js';

export function docsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(openApiJson(), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.get('/docs', (c) => {
    pagePolicy(c, DOCS_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.html(swaggerPage());
  });

  app.get('/docs/guide', (c) => {
    pagePolicy(c, DOCS_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.html(guidePage(new URL(c.req.url).origin));
  });

  // Asset URLs carry a version (?v=), so a year-long lifetime is safe.
  app.get('/docs/assets/:file', (c) => {
    const asset = docsAsset(c.req.param('file'));
    if (!asset) throw new ApiError('not_found', 'No such asset');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('ETag', asset.etag);
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, { 'Content-Type': asset.type });
  });

  return app;
}

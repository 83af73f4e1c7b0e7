// Documentation: the OpenAPI document, Swagger UI over it and the integration guide, every asset served from here.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { pagePolicy } from '../http/answer.js';
import type { AppEnv } from '../http/env.js';
import { docsAsset } from '../openapi/assets.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import { DOCS_CSP, guidePage, swaggerPage } from '../openapi/pages.js';
import type { OperationDoc } from '../openapi/types.js';

/** Any JSON object: the OpenAPI document itself. */
const AnyObjectSchema = z.record(z.string(), z.unknown());

/** `operations`: every route file's OpenAPI entries (routes/operations.ts), built into /openapi.json once. */
export function docsRoutes(operations: readonly OperationDoc[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let document: string | undefined;

  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(buildOpenApiDocument(operations));
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
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

export const docsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'docs',
    auth: 'none',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API, generated from the schemas that validate requests.',
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: AnyObjectSchema } },
  },
];

// The OpenAPI document: a valid 3.1 shape, every operation described, and exactly the app's real routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutes } from '../src/demo/index.js';
import { OPERATIONS } from '../src/routes/operations.js';
import { ADMIN_TOKEN, createPartner, createTestContext, type TestContext } from './support/harness.js';

/** Pages for people, not API operations: the only routes the document may leave out. */
const NOT_API = new Set([
  'GET /demo',
  'GET /demo/{topic}',
  'GET /docs',
  'GET /docs/guide',
  'GET /docs/assets/{file}',
  'GET /dashboard',
  'GET /dashboard/assets/{name}',
]);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

type Json = Record<string, unknown>;
interface Doc {
  openapi: string;
  info: Json;
  paths: Record<string, Record<string, Json>>;
  components: { securitySchemes: Record<string, Json>; schemas: Record<string, Json> };
}

let ctx: TestContext;
let doc: Doc;
let partnerKey: string;

beforeAll(async () => {
  // As main.ts serves it with DEMO_DATA: the /demo pages are registered too.
  ctx = await createTestContext({ extraRoutes: [demoRoutes()] });
  partnerKey = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
  const res = await ctx.app.request('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await res.json()) as Doc;
});

afterAll(() => ctx.close());

/** Hono's `:id` → OpenAPI's `{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** Every method + path with a handler; middleware (method ALL, or a wildcard taking `next`) is left out. */
function appRoutes(): Set<string> {
  const out = new Set<string>();
  for (const r of ctx.app.routes) {
    if (r.method === 'ALL') continue;
    if (r.path.includes('*') && r.handler.length >= 2) continue;
    out.add(`${r.method} ${toOpenApiPath(r.path)}`);
  }
  return out;
}

function documented(): { method: string; path: string; op: Json }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

function resolve(value: Json): Json {
  const ref = value.$ref;
  if (typeof ref !== 'string') return value;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return target;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with both bearer schemes and a problem schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.info.version).toEqual(expect.any(String));
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.partnerKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'title', 'status']),
    });
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it('describes every operation: summary, description, unique id, path parameters, responses', () => {
    const ids = new Set<string>();
    for (const { method, path, op } of documented()) {
      const name = `${method.toUpperCase()} ${path}`;
      expect(op.summary, name).toEqual(expect.stringMatching(/\S/));
      expect(op.description, name).toEqual(expect.stringMatching(/\S{3}/));
      expect(ids.has(op.operationId as string), `${name} operationId`).toBe(false);
      ids.add(op.operationId as string);
      const params = (op.parameters ?? []) as Json[];
      for (const [, param] of path.matchAll(/\{(\w+)\}/g)) {
        expect(
          params.find((p) => p.in === 'path' && p.name === param),
          `${name} declares {${param}}`,
        ).toMatchObject({ required: true, schema: expect.any(Object) });
      }
      const responses = op.responses as Record<string, Json>;
      expect(
        Object.keys(responses).some((s) => /^[23]\d\d$/.test(s)),
        `${name} has a success`,
      ).toBe(true);
      for (const [status, response] of Object.entries(responses)) {
        expect(response.description, `${name} ${status}`).toEqual(expect.stringMatching(/\S/));
        if (!/^4\d\d$/.test(status)) continue;
        const content = response.content as Record<string, Json> | undefined;
        const problem = content?.['application/problem+json'];
        expect(problem, `${name} ${status} is problem+json`).toBeDefined();
        expect(resolve(problem?.schema as Json)).toBe(doc.components.schemas.Problem);
        expect(problem?.example, `${name} ${status} example`).toMatchObject({ status: Number(status) });
      }
    }
  });

  it('names the auth scheme of admin and partner operations, and says 401 for them', () => {
    for (const { method, path, op } of documented()) {
      const security = op.security as Json[];
      expect(Array.isArray(security), `${method} ${path}`).toBe(true);
      const responses = op.responses as Json;
      if (path.startsWith('/v1/admin/')) {
        expect(security).toEqual([{ adminToken: [] }]);
        expect(responses).toHaveProperty('401');
        expect(responses).toHaveProperty('403');
      } else if (path.startsWith('/v1/headlines') || path.startsWith('/v1/reports/')) {
        expect(security).toEqual([{ partnerKey: [] }]);
        expect(responses).toHaveProperty('401');
      } else {
        expect(security).toEqual([]);
      }
    }
  });

  it('carries Romanian examples that the routes themselves accept', () => {
    for (const op of OPERATIONS) {
      if (!op.body) continue;
      const parsed = op.body.schema.safeParse(op.body.example);
      expect(parsed.success, `${op.method} ${op.path}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    // Response examples are held to the same strict schemas as the real answers (tests/support/documented.ts).
    for (const op of OPERATIONS) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.schema || response.example === undefined || response.contentType) continue;
        const parsed = response.schema.safeParse(response.example);
        const name = `${op.method} ${op.path} ${status} example`;
        expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
    const push = doc.paths['/v1/headlines']?.post?.requestBody as Json;
    expect(JSON.stringify(push)).toMatch(/[ăâîșț]/);
    // Generated from the request schemas: the headline fields and their limits are there.
    expect(JSON.stringify(push)).toContain('"required":["url","title","publishedAt"]');
    const partners = doc.paths['/v1/admin/partners']?.post?.requestBody as Json;
    expect(JSON.stringify(partners)).toContain('^[a-z0-9][a-z0-9-]{1,39}$');
  });
});

describe('the document matches the routes', () => {
  it('documents every route of the app (only non-API pages are exempt)', () => {
    const ops = new Set(documented().map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    const missing = [...appRoutes()].filter((r) => !ops.has(r) && !NOT_API.has(r));
    expect(missing, 'routes without an OpenAPI entry in their route file').toEqual([]);
    // The exemptions are real routes, so the list cannot rot into hiding anything.
    for (const page of NOT_API) expect(appRoutes().has(page), page).toBe(true);
  });

  it('every documented operation answers (no "No route")', async () => {
    const routes = appRoutes();
    for (const { method, path, op } of documented()) {
      const name = `${method.toUpperCase()} ${path}`;
      expect(routes.has(name), `${name} is registered`).toBe(true);
      const url = path.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'itemId' ? '0'.repeat(20) : `x-${p}`));
      // With the credentials the operation names, so auth middleware cannot answer in place of a missing route.
      const security = JSON.stringify(op.security);
      const token = security.includes('adminToken')
        ? ADMIN_TOKEN
        : security.includes('partnerKey')
          ? partnerKey
          : '';
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      const res = await ctx.app.request(url, { method: method.toUpperCase(), headers });
      const body = await res.text();
      expect(res.status === 404 && body.includes('No route for'), `${name} → ${res.status} ${body}`).toBe(
        false,
      );
    }
  });
});

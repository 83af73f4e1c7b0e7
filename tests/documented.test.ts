// The checker every test context runs (tests/support/documented.ts): it passes true answers and names strays.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/http/env.js';
import { holdToDocument, undocumented } from './support/documented.js';
import { ADMIN_TOKEN, createTestContext, jsonRequest, type TestContext } from './support/harness.js';

const json = (body: unknown, status = 200, type = 'application/json; charset=utf-8') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

describe('answers held to the OpenAPI document', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('passes what the service really answers', async () => {
    const res = await ctx.app.request(
      '/v1/admin/partners',
      jsonRequest(
        'POST',
        { id: 'digi24', name: 'Digi24', domains: ['digi24.ro'], imageHosts: ['s.digi24.ro'] },
        ADMIN_TOKEN,
      ),
    );
    expect(res.status).toBe(201);
    expect(await undocumented('POST', '/v1/admin/partners', res)).toBeUndefined();
    expect(await undocumented('GET', '/health', json({ status: 'ok' }))).toBeUndefined();
    // Not an API route: nothing to hold it to.
    expect(await undocumented('GET', '/dashboard', new Response('<html>', { status: 200 }))).toBeUndefined();
  });

  it('names a field the document lacks, a wrong type, an undocumented status or media type', async () => {
    expect(await undocumented('GET', '/health', json({ status: 'ok', uptime: 3 }))).toMatch(
      /GET \/health → 200: body does not match.*uptime/,
    );
    expect(await undocumented('GET', '/v1/admin/partners', json({ partners: [{ id: 1 }] }))).toMatch(
      /body does not match/,
    );
    expect(await undocumented('GET', '/health', json({ status: 'ok' }, 202))).toMatch(
      /status not documented/,
    );
    expect(await undocumented('GET', '/v1/widget', json({ title: 'x', status: 418 }, 418))).toMatch(
      /status not documented/,
    );
    expect(await undocumented('GET', '/health', json({ status: 'ok' }, 200, 'text/plain'))).toMatch(
      /media type text\/plain not documented/,
    );
  });

  it('holds problems to the problem schema and to the statuses the operation declares', async () => {
    const problem = { type: 'https://citeste-si.ro/problems/not_found', title: 'Not found', status: 404 };
    const type = 'application/problem+json';
    expect(await undocumented('GET', '/v1/admin/partners/x/feeds', json(problem, 404, type))).toBeUndefined();
    expect(
      await undocumented('GET', '/v1/admin/partners/x/feeds', json({ ...problem, why: 1 }, 404, type)),
    ).toMatch(/problem body does not match/);
    expect(await undocumented('GET', '/v1/admin/partners/x/feeds', json(problem, 404))).toMatch(
      /a problem answered as application\/json/,
    );
    // /health declares no 404.
    expect(await undocumented('GET', '/health', json(problem, 404, type))).toMatch(/status not documented/);
  });

  it('makes app.request and app.fetch throw on a stray answer', async () => {
    const app = new Hono<AppEnv>();
    app.get('/health', (c) => c.json({ status: 'ok', uptime: 3 }));
    app.get('/ready', (c) => c.json({ status: 'nope' }));
    holdToDocument(app);
    await expect(app.request('/health')).rejects.toThrow(/OpenAPI mismatch: GET \/health → 200/);
    await expect(app.fetch(new Request('http://x/ready'))).rejects.toThrow(/OpenAPI mismatch: GET \/ready/);
  });
});

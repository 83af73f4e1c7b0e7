import { afterEach, describe, expect, it } from 'vitest';
import { createPartner, jsonRequest, type TestContext } from './support/harness.js';
import { STORES } from './support/stores.js';

describe.each(STORES)('ops endpoints on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('/health, /ready and /metrics answer', async () => {
    ctx = await createContext();
    const health = await ctx.app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.request('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { store: { ok: true }, index: { ok: true } },
    });

    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    await ctx.app.request(
      '/v1/headlines',
      jsonRequest(
        'POST',
        {
          headlines: [{ url: 'https://digi24.ro/a', title: 'Titlu', publishedAt: new Date().toISOString() }],
        },
        key,
      ),
    );
    await ctx.app.request('/v1/admin/partners/nope/keys', { method: 'POST' });
    await ctx.app.request('/nope', { method: 'POST', body: '{}' });
    await ctx.app.request('/health');
    const metrics = await ctx.app.request('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('citeste_si_live_headlines 1');
    // Route patterns, not raw paths, label the request metrics.
    expect(text).toMatch(
      /citeste_si_http_requests_total\{method="POST",route="\/v1\/admin\/partners\/:id\/keys",status="401"\} 1/,
    );
    // The body limit (registered for every path that takes a body) is never a request's route.
    expect(text).toMatch(/citeste_si_http_requests_total\{method="POST",route="unmatched",status="404"\} 1/);
    expect(text).toMatch(/citeste_si_http_requests_total\{method="GET",route="\/health",status="200"\} 2/);
    expect(text).toContain('citeste_si_http_request_duration_seconds_bucket');
    expect(text).toContain('citeste_si_headlines_pushed_total{result="accepted"} 1');
  });

  it('/ready answers 503 when the store is gone', async () => {
    ctx = await createContext();
    await ctx.store.close();
    const ready = await ctx.app.request('/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { store: { ok: false } } });
  });

  it('unknown routes get a problem+json 404 with security headers and a request id', async () => {
    ctx = await createContext();
    const res = await ctx.app.request('/nope', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await res.json()).toMatchObject({ status: 404, title: 'Not found' });
  });
});

// Regressions of the security review (issue 18): counts one client cannot multiply, answers that do not depend
// on the Host header, expiry on redirect, and secrets that stay out of caches and open endpoints.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';

describe('operations endpoints', () => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('asks for METRICS_TOKEN on /metrics when one is set, and stays open when it is not', async () => {
    ctx = await createTestContext();
    expect((await ctx.app.request('/metrics')).status).toBe(200);
    await ctx.close();
    const metricsToken = 'metrics-token-0123456789';
    ctx = await createTestContext({ env: { METRICS_TOKEN: metricsToken } });
    const missing = await ctx.app.request('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    for (const wrong of ['x', metricsToken.slice(0, -1), `${metricsToken}x`]) {
      const res = await ctx.app.request('/metrics', { headers: { Authorization: `Bearer ${wrong}` } });
      expect(res.status).toBe(401);
    }
    const ok = await ctx.app.request('/metrics', { headers: { Authorization: `Bearer ${metricsToken}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('citeste_si_unhandled_rejections_total');
    expect((await ctx.app.request('/health')).status).toBe(200);
  });
});

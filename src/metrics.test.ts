import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

const DURATION = 'citeste_si_http_request_duration_seconds';
const REQUESTS = 'citeste_si_http_requests_total';

/** What prom-client's own metrics expose for the same requests: the exposition the service must keep. */
function reference(requests: [string, string, number, number][]): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name: REQUESTS,
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const histogram = new Histogram({
    name: DURATION,
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  for (const [method, route, status, seconds] of requests) {
    counter.inc({ method, route, status: String(status) });
    histogram.observe({ method, route }, seconds);
  }
  return registry;
}

describe('per-request HTTP metrics', () => {
  // Values on bucket bounds, between them, under the first and over the last (+Inf only).
  const requests: [string, string, number, number][] = [
    ['GET', '/health', 200, 0.0001],
    ['GET', '/health', 200, 0.0005],
    ['GET', '/health', 200, 0.0007],
    ['GET', '/v1/widget', 200, 0.003],
    ['GET', '/v1/widget', 404, 0.25],
    ['GET', '/v1/widget', 200, 7],
    ['POST', 'unmatched', 404, 0.01],
    ['HEAD', '/health', 200, 2.5],
  ];

  it('exposes the requests and latency histogram as prom-client’s own counter and histogram would', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    for (const [method, route, status, seconds] of requests)
      metrics.http.record(method, route, status, seconds);
    const expected = reference(requests);
    expect(await metrics.registry.getSingleMetricAsString(DURATION)).toBe(
      await expected.getSingleMetricAsString(DURATION),
    );
    expect(await metrics.registry.getSingleMetricAsString(REQUESTS)).toBe(
      await expected.getSingleMetricAsString(REQUESTS),
    );
    const json = async (r: Registry) => (await r.getMetricsAsJSON()).find((m) => m.name === DURATION);
    expect(await json(metrics.registry)).toEqual(await json(expected));
  });

  it('keeps counting after a scrape, and a reset empties the histogram', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.http.record('GET', '/health', 200, 0.0001);
    await metrics.registry.metrics();
    metrics.http.record('GET', '/health', 200, 0.0001);
    const text = await metrics.registry.getSingleMetricAsString(DURATION);
    expect(text).toContain(`${DURATION}_count{method="GET",route="/health"} 2`);
    metrics.registry.resetMetrics();
    expect(await metrics.registry.getSingleMetricAsString(DURATION)).toContain(
      `${DURATION}_count{method="GET",route="/health"} 0`,
    );
  });
});

// Operations: liveness, readiness (store reachable, index built) and Prometheus metrics.
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { metricsAuth } from '../http/middleware.js';
import type { Metrics } from '../metrics.js';
import type { Services } from '../services/index.js';

const READY_TIMEOUT_MS = 1000;

export function opsRoutes(
  services: Services,
  metrics: Metrics,
  options: { metricsToken?: string | undefined } = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.get('/ready', async (c) => {
    const store = await withTimeout(services.store.ping(), READY_TIMEOUT_MS)
      .then(() => ({ ok: true, kind: services.store.kind }))
      .catch((err: unknown) => ({ ok: false, kind: services.store.kind, error: describe(err) }));
    const index = {
      ok: services.live.lastSyncAt !== undefined,
      headlines: services.live.size,
      ...(services.live.lastSyncAt ? { builtAt: new Date(services.live.lastSyncAt).toISOString() } : {}),
    };
    const events = { ok: true, buffered: services.events.pending };
    const ready = store.ok && index.ok;
    c.header('Cache-Control', 'no-store');
    return c.json(
      { status: ready ? 'ready' : 'unavailable', checks: { store, index, events } },
      ready ? 200 : 503,
    );
  });

  app.get('/metrics', metricsAuth(options.metricsToken), async (c) => {
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });

  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A short reason for ops, never a stack. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
}

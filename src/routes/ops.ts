// Operations: liveness, readiness (store reachable, index built) and Prometheus metrics.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { metricsAuth } from '../http/middleware.js';
import type { Metrics } from '../metrics.js';
import { NOW } from '../openapi/examples.js';
import { isoTime } from '../openapi/schemas.js';
import type { Describes, OperationDoc } from '../openapi/types.js';
import type { Services } from '../services/index.js';

const READY_TIMEOUT_MS = 1000;

const HealthSchema = z.strictObject({ status: z.literal('ok') });

const ok = z.boolean();
const ReadySchema = z.strictObject({
  status: z.enum(['ready', 'unavailable']),
  checks: z.strictObject({
    store: z.strictObject({ ok, kind: z.enum(['memory', 'redis']), error: z.string().optional() }),
    index: z.strictObject({ ok, headlines: z.number().int(), builtAt: isoTime.optional() }),
    events: z.strictObject({ ok, buffered: z.number().int() }),
  }),
});
type Readiness = Awaited<ReturnType<typeof readiness>>;
true satisfies Describes<typeof ReadySchema, Readiness>;

export function opsRoutes(
  services: Services,
  metrics: Metrics,
  options: { metricsToken?: string | undefined } = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.get('/ready', async (c) => {
    const body = await readiness(services);
    c.header('Cache-Control', 'no-store');
    return c.json(body, body.status === 'ready' ? 200 : 503);
  });

  app.get('/metrics', metricsAuth(options.metricsToken), async (c) => {
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });

  return app;
}

/** What /ready answers: the store reachable and the headline index built. */
async function readiness(services: Services) {
  const { kind } = services.store;
  const store: { ok: boolean; kind: typeof kind; error?: string } = await withTimeout(
    services.store.ping(),
    READY_TIMEOUT_MS,
  )
    .then(() => ({ ok: true, kind }))
    .catch((err: unknown) => ({ ok: false, kind, error: describe(err) }));
  const index: { ok: boolean; headlines: number; builtAt?: string } = {
    ok: services.live.lastSyncAt !== undefined,
    headlines: services.live.size,
    ...(services.live.lastSyncAt ? { builtAt: new Date(services.live.lastSyncAt).toISOString() } : {}),
  };
  const events = { ok: true, buffered: services.events.pending };
  const status: 'ready' | 'unavailable' = store.ok && index.ok ? 'ready' : 'unavailable';
  return { status, checks: { store, index, events } };
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

export const opsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'ops',
    auth: 'none',
    summary: 'Liveness',
    description: '`200` while the process serves.',
    responses: { 200: { description: 'Alive', schema: HealthSchema, example: { status: 'ok' } } },
  },
  {
    method: 'get',
    path: '/ready',
    tag: 'ops',
    auth: 'none',
    summary: 'Readiness',
    description:
      '`200` when the store answers and the headline index is built; `503` with what failed otherwise.',
    responses: {
      200: {
        description: 'Ready',
        schema: ReadySchema,
        example: {
          status: 'ready',
          checks: {
            store: { ok: true, kind: 'redis' },
            index: { ok: true, headlines: 1840, builtAt: NOW },
            events: { ok: true, buffered: 0 },
          },
        },
      },
      503: {
        description: 'Not ready',
        schema: ReadySchema,
        example: {
          status: 'unavailable',
          checks: {
            store: { ok: false, kind: 'redis', error: 'no answer within 1000 ms' },
            index: { ok: true, headlines: 1840, builtAt: NOW },
            events: { ok: true, buffered: 12 },
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'ops',
    auth: 'none',
    summary: 'Prometheus metrics',
    description:
      'Request rates and latencies per route pattern, store errors, live headlines, events. With `METRICS_TOKEN` ' +
      'set, send `Authorization: Bearer <METRICS_TOKEN>` (`401` otherwise).',
    responses: {
      200: {
        description: 'Prometheus text format',
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        schema: z.string(),
        example: 'http_requests_total{method="GET",route="/v1/widget",status="200"} 1024\n',
      },
    },
    problems: [401],
  },
];
